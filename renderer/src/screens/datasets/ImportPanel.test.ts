import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n/index.svelte.ts';
import { fakeApi, installFake, type FakeApi } from '../../test/fake-api.ts';
import type { CatlipApi } from '../../api/types.ts';
import Datasets from '../Datasets.svelte';

const listing = (path: string | null, parent: string | null, entries: { name: string; kind: 'folder' | 'file' }[]) => ({
  path,
  parent,
  roots: ['/srv/home'],
  entries: entries.map((e) => ({ ...e, path: `${path ?? '/srv/home'}/${e.name}` })),
});

/** The desktop app's extras on top of the fake: main's dialog answers `chosen`, drops have paths. */
function asDesktop(api: FakeApi, chosen: string | null) {
  const asked: unknown[] = [];
  const desktop = (async (channel: string, request: unknown) => {
    asked.push({ channel, request });
    return { path: chosen };
  }) as CatlipApi['desktop'];
  Object.assign(api, { desktop, pathForFile: (f: File) => `/home/u/${f.name}` });
  return asked;
}

function drop(target: HTMLElement, file: File) {
  const dataTransfer = {
    files: [file],
    items: [{ webkitGetAsEntry: () => ({ isDirectory: true }) }],
    types: ['Files'],
    dropEffect: 'none',
  };
  fireEvent.dragOver(target, { dataTransfer });
  fireEvent.drop(target, { dataTransfer });
}

describe('choosing an import source', () => {
  let api: FakeApi;
  beforeEach(() => {
    setLocale('en');
    api = installFake(
      fakeApi({
        'datasets:list': () => [],
        'files:browse': (req) =>
          req?.path === '/srv/home/inbox'
            ? listing('/srv/home/inbox', '/srv/home', [
                { name: 'pets', kind: 'folder' },
                { name: 'captions.jsonl', kind: 'file' },
              ])
            : req?.path === '/srv/home/inbox/pets'
              ? listing('/srv/home/inbox/pets', '/srv/home/inbox', [{ name: 'cat', kind: 'folder' }])
              : listing(null, null, [{ name: 'inbox', kind: 'folder' }]),
      }),
    );
  });
  afterEach(() => {
    delete window.catlip;
  });

  it('desktop app: the native dialog fills the path and suggests the name', async () => {
    const asked = asDesktop(api, '/data/coco-mini');
    render(Datasets);
    await fireEvent.click(await screen.findByRole('button', { name: 'Choose folder…' }));
    await waitFor(() =>
      expect((screen.getByLabelText('Folder or file') as HTMLInputElement).value).toBe('/data/coco-mini'),
    );
    expect((screen.getByLabelText(/^Dataset name/) as HTMLInputElement).value).toBe('coco-mini');
    expect(asked).toEqual([
      { channel: 'desktop:choose-path', request: { purpose: 'import-folder', title: 'Choose folder…' } },
    ]);
    expect(screen.queryByRole('button', { name: 'Browse the server…' })).toBeNull();
  });

  it('desktop app: the folder dialog adds image folders, one per line; serve mode has only the text field', async () => {
    const asked = asDesktop(api, '/mnt/share/photos');
    const view = render(Datasets);
    const roots = (await screen.findByRole('textbox', { name: 'Image folders (optional)' })) as HTMLTextAreaElement;
    await fireEvent.input(roots, { target: { value: '/mnt/archive' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add folder…' }));
    await waitFor(() => expect(roots.value).toBe('/mnt/archive\n/mnt/share/photos'));
    await fireEvent.click(screen.getByRole('button', { name: 'Add folder…' })); // the same folder is not added twice
    expect(roots.value).toBe('/mnt/archive\n/mnt/share/photos');
    expect(asked[0]).toEqual({
      channel: 'desktop:choose-path',
      request: { purpose: 'import-folder', title: 'Add folder…' },
    });
    view.unmount();

    delete (api as Partial<CatlipApi>).desktop;
    render(Datasets);
    await screen.findByRole('textbox', { name: 'Image folders (optional)' });
    expect(screen.queryByRole('button', { name: 'Add folder…' })).toBeNull();
  });

  it('desktop app: a folder dropped on the screen becomes the source', async () => {
    asDesktop(api, null);
    render(Datasets);
    drop(await screen.findByTestId('datasets-screen'), new File([], 'pets'));
    await waitFor(() =>
      expect((screen.getByLabelText('Folder or file') as HTMLInputElement).value).toBe('/home/u/pets'),
    );
    expect((screen.getByLabelText(/^Dataset name/) as HTMLInputElement).value).toBe('pets');
  });

  it('serve mode: the server browser walks the allowed folders and picks one', async () => {
    render(Datasets);
    await fireEvent.click(await screen.findByRole('button', { name: 'Browse the server…' }));
    const browser = await screen.findByTestId('server-browser');
    await fireEvent.click(await within(browser).findByRole('button', { name: /inbox/ }));
    await fireEvent.click(await within(browser).findByRole('button', { name: /pets/ }));
    await within(browser).findByText('/srv/home/inbox/pets');
    await fireEvent.click(within(browser).getByRole('button', { name: 'Use this folder' }));
    await waitFor(() =>
      expect((screen.getByLabelText('Path on the engine machine') as HTMLInputElement).value).toBe(
        '/srv/home/inbox/pets',
      ),
    );
    expect(screen.queryByTestId('server-browser')).toBeNull();
    expect(api.calls.filter((c) => c.channel === 'files:browse').map((c) => c.request)).toEqual([
      {},
      { path: '/srv/home/inbox' },
      { path: '/srv/home/inbox/pets' },
    ]);
  });

  it('serve mode: a drop names the dataset and opens the server browser, as the path is on another machine', async () => {
    render(Datasets);
    drop(await screen.findByTestId('datasets-screen'), new File([], 'pets'));
    expect((await screen.findByTestId('drop-note')).textContent).toContain('“pets” is on this computer');
    expect(await screen.findByTestId('server-browser')).toBeTruthy();
    expect((screen.getByLabelText(/^Dataset name/) as HTMLInputElement).value).toBe('pets');
    expect((screen.getByLabelText('Path on the engine machine') as HTMLInputElement).value).toBe('');
  });
});
