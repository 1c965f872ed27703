import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestInput, Response } from '../../api/contract.ts';
import type { CatlipApi } from '../../api/types.ts';
import { setLocale } from '../../i18n/index.svelte.ts';
import { fakeApi, installFake, runDetail, runSummary } from '../../test/fake-api.ts';
import Run from '../Run.svelte';
import CorenetExport from './CorenetExport.svelte';

/** What export:corenet answers: the files it wrote in `out`, whatever their number. */
function exported(
  req: RequestInput<'export:corenet'>,
  names = ['config.yaml', 'vocab.pkl', 'launch.sh', 'README.md'],
): Response<'export:corenet'> {
  return {
    run: req.run,
    out: req.out,
    files: names.map((n) => `${req.out}/${n}`),
    vit_mode: 'tiny',
    recipe: req.recipe ?? 'pilot',
    precomputed: null,
    vocabulary: { id: 1, size: 10, key_format: 'n<offset>', never_matched_by_corenet: [] },
    scaling: {
      world_size: 8,
      global_batch: 1024,
      pilot_batch: 16,
      pilot_lr: 0.001,
      linear_lr: 0.064,
      lr: 0.064,
      lr_capped: false,
      min_lr: 0,
      max_iterations: 100,
      warmup_iterations: 10,
      text: [],
    },
    commands: ['bash launch.sh 0'],
    differences: [],
  };
}

describe('Run screen: export for CoreNet', () => {
  beforeEach(() => setLocale('en'));
  afterEach(() => {
    delete window.catlip;
    vi.restoreAllMocks();
  });

  it('is offered for a completed CatLIP run only', async () => {
    const summaries = {
      1: runSummary({ run: 1 }),
      2: runSummary({ run: 2, objective: 'clip' }),
      3: runSummary({ run: 3, status: 'running', steps: 1 }),
    };
    installFake(fakeApi({ 'runs:get': (req) => runDetail(summaries[req.run as 1 | 2 | 3]) }));
    const first = render(Run, { run: 1 });
    expect(await screen.findByTestId('corenet-export')).toBeTruthy();
    first.unmount();
    for (const run of [2, 3]) {
      const view = render(Run, { run });
      await screen.findByTestId('backend');
      expect(screen.queryByTestId('corenet-export')).toBeNull();
      view.unmount();
    }
  });

  it('desktop app: a folder dialog, then Show in folder / Open for each exported file', async () => {
    const api = installFake(fakeApi({ 'export:corenet': (req) => exported(req) }));
    const asked: { channel: string; request: Record<string, unknown> }[] = [];
    Object.assign(api, {
      desktop: (async (channel: string, request: Record<string, unknown>) => {
        asked.push({ channel, request });
        return channel === 'desktop:choose-path' ? { path: '/home/me/corenet' } : { ok: true, error: null };
      }) as unknown as CatlipApi['desktop'],
    });
    render(CorenetExport, { run: 7 });
    await fireEvent.input(screen.getByRole('spinbutton', { name: /Images in the full-scale/ }), {
      target: { value: '1000000' },
    });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Labels' }), { target: { value: 'precomputed' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Choose folder and export…' }));
    const result = await screen.findByTestId('corenet-exported');
    expect(asked[0]).toMatchObject({ channel: 'desktop:choose-path', request: { purpose: 'export-folder' } });
    expect(api.calls.at(-1)).toEqual({
      channel: 'export:corenet',
      request: { run: 7, out: '/home/me/corenet', recipe: 'pilot', labels: 'precomputed', plan: { images: 1000000 } },
    });
    expect(within(result).getAllByRole('listitem')).toHaveLength(4);
    await fireEvent.click(within(result).getByRole('button', { name: 'Show in folder: launch.sh' }));
    await fireEvent.click(within(result).getByRole('button', { name: 'Open: README.md' }));
    expect(asked.slice(1)).toEqual([
      { channel: 'desktop:show-path', request: { path: '/home/me/corenet/launch.sh', action: 'reveal' } },
      { channel: 'desktop:show-path', request: { path: '/home/me/corenet/README.md', action: 'open' } },
    ]);
    expect(within(result).queryByRole('button', { name: /Download/ })).toBeNull();
  });

  it('desktop app: cancelling the dialog exports nothing; an engine refusal is shown', async () => {
    const api = installFake(
      fakeApi({
        'export:corenet': () => {
          throw Object.assign(new Error('the full-scale plan needs --plan-images N'), { code: 'invalid-request' });
        },
      }),
    );
    let answer: string | null = null;
    Object.assign(api, { desktop: (async () => ({ path: answer })) as unknown as CatlipApi['desktop'] });
    render(CorenetExport, { run: 7 });
    await fireEvent.click(screen.getByRole('button', { name: 'Choose folder and export…' }));
    await waitFor(() => expect(api.calls).toEqual([]));
    answer = '/x';
    await fireEvent.click(screen.getByRole('button', { name: 'Choose folder and export…' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/full-scale plan needs/);
  });

  it('serve mode: writes into a folder on the server (exports/ in its home by default) and downloads the files as one tar', async () => {
    const api = installFake(
      fakeApi({
        'files:browse': () => ({ path: null, parent: null, roots: ['/srv/catlip-home'], entries: [] }),
        'export:corenet': (req) => exported(req, ['config.yaml', 'labels.parquet', 'launch.sh']),
      }),
    );
    const archives: { files: string[]; name: string }[] = [];
    api.filesArchive = async (files, name) => (archives.push({ files, name }), new Blob(['tar']));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => undefined });
    render(CorenetExport, { run: 5 });
    const folder = screen.getByRole('textbox', { name: 'Folder on the server' }) as HTMLInputElement;
    await waitFor(() => expect(folder.value).toBe('/srv/catlip-home/exports/corenet-run-5'));
    await fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    const result = await screen.findByTestId('corenet-exported');
    expect(
      within(result)
        .getAllByRole('listitem')
        .map((li) => li.textContent?.trim()),
    ).toEqual(['config.yaml', 'labels.parquet', 'launch.sh']);
    expect(within(result).queryByRole('button', { name: /Show in folder/ })).toBeNull();
    await fireEvent.click(within(result).getByRole('button', { name: 'Download corenet-run-5.tar' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(archives).toEqual([
      {
        files: ['config.yaml', 'labels.parquet', 'launch.sh'].map((n) => `/srv/catlip-home/exports/corenet-run-5/${n}`),
        name: 'corenet-run-5',
      },
    ]);
  });
});
