/**
 * Electron main process: glue only. The engine runs in a utility process (engine-process.ts), the UI in a
 * sandboxed, context-isolated window served from app://catlip/, and the two talk through one validated
 * IPC handler generated from the shared channel map (ipc-bridge.ts).
 */
import { app, BrowserWindow, ipcMain, Menu, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { EngineProcess } from './engine-process.js';
import { EVENT_CHANNEL, registerChannelHandlers } from './ipc-bridge.js';
import { buildMenu } from './menu.js';
import { APP_ORIGIN, isAppUrl, isExternalLink, windowOptions } from './security.js';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/electron/main
const distDir = path.resolve(here, '..', '..');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  let window: BrowserWindow | undefined;
  let engine: EngineProcess | undefined;
  let quitting = false;

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });

  // No page may open windows or navigate away from the app; external links go to the OS browser.
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (isExternalLink(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.whenReady().then(() => {
    serveRenderer(path.join(distDir, 'renderer'));
    Menu.setApplicationMenu(buildMenu());
    engine = new EngineProcess(
      path.join(distDir, 'electron', 'engine', 'host', 'utility-main.js'),
      process.env.CATLIP_PILOT_HOME ?? app.getPath('userData'), // the CLI's default too (engine/home.ts)
      (event, payload) => window?.webContents.send(EVENT_CHANNEL, { event, payload }),
      (code) => {
        if (!quitting) window?.webContents.send(EVENT_CHANNEL, { event: 'engine:crashed', payload: { code } });
      },
    );
    const e = engine;
    registerChannelHandlers(ipcMain, (channel, request) => e.call(channel, request), isAppUrl);
    window = new BrowserWindow(windowOptions(path.join(distDir, 'electron', 'preload', 'index.cjs')));
    window.once('ready-to-show', () => window?.show());
    void window.loadURL(`${APP_ORIGIN}/index.html`);
  });

  // On quit during training: trainers stop after their step and checkpoint, then the app exits.
  app.on('before-quit', (event) => {
    if (quitting || !engine) return;
    event.preventDefault();
    quitting = true;
    void engine.shutdown().finally(() => app.quit());
  });
  app.on('window-all-closed', () => app.quit());
}
