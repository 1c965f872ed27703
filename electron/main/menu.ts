import { app, dialog, Menu, shell, type MenuItemConstructorOptions } from 'electron';

const LICENCES = [
  'WordNet 3.0 — © Princeton University, WordNet 3.0 licence (resources/wordnet/LICENSE).',
  'Google Noto Emoji images (demo data) — Apache License 2.0.',
  'Twitter Twemoji images (demo data) — CC BY 4.0, © Twitter, Inc and other contributors.',
  'Emoji names and categories — emoji-datasource (MIT), Unicode data (Unicode License).',
].join('\n');

/** Menus with the usual roles; About lists the licences of the bundled data. */
export function buildMenu(): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'About CatLIP Pilot',
          click: () =>
            void dialog.showMessageBox({
              type: 'info',
              title: 'About CatLIP Pilot',
              message: `CatLIP Pilot ${app.getVersion()}`,
              detail: `Bundled data and licences:\n${LICENCES}`,
            }),
        },
        {
          label: 'CatLIP paper (arXiv 2404.15653)',
          click: () => void shell.openExternal('https://arxiv.org/abs/2404.15653'),
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
