import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RequestInput, Response } from '../../api/contract.ts';
import type { CatlipApi } from '../../api/types.ts';
import { setLocale } from '../../i18n/index.svelte.ts';
import { evaluationResult, fakeApi, installFake } from '../../test/fake-api.ts';
import ModelsPanel from './ModelsPanel.svelte';

const dataset = (name: string, kind: 'captions' | 'labelled') => ({
  name,
  kind,
  format: 'imagefolder',
  source_path: '/x',
  image_size: 32,
  items: 10,
  images: 10,
  classes: 2,
  splits: { train: 8, test: 2 },
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
});

const model = (id: number, name: string): Response<'models:list'>[number] => ({
  id,
  name,
  run: 7,
  evaluation: 3,
  method: 'finetune',
  dataset: 'flowers',
  classes: ['daisy', 'rose'],
  top1: 0.75,
  top5: null,
  bytes: 100,
  sha256: 'x',
  created_at: '2026-12-04T00:00:00Z',
});

const exported = (req: RequestInput<'export:weights'>): Response<'export:weights'> => ({
  run: 7,
  model: req.model ?? null,
  format: req.format,
  out: req.out,
  files:
    req.format === 'safetensors'
      ? ['model.safetensors', 'config.json']
      : ['model.json', 'group1-shard1of1.bin', 'config.json'],
  step: 10,
  weights: 'trained',
  tensors: 20,
  parameters: 1000,
  outputs: 2,
  head: 'classifier',
});

afterEach(() => setLocale('en'));

describe('Run screen: use the model', () => {
  it('trains and saves a downstream model, then exports it (desktop: folder dialog, Show in folder)', async () => {
    let saved: Response<'models:list'> = [];
    const api = installFake(
      fakeApi({
        'datasets:list': () => [dataset('coco', 'captions'), dataset('flowers', 'labelled')],
        'models:list': () => saved,
        'eval:run': (req) => {
          saved = [model(4, req.name ?? 'flowers-finetune-run7')];
          return { ...evaluationResult(req, 3), saved_model: 4 };
        },
        'export:weights': (req) => exported(req),
      }),
    );
    const asked: { channel: string; request: Record<string, unknown> }[] = [];
    Object.assign(api, {
      desktop: (async (channel: string, request: Record<string, unknown>) => {
        asked.push({ channel, request });
        return channel === 'desktop:choose-path' ? { path: '/home/me/weights' } : { ok: true, error: null };
      }) as unknown as CatlipApi['desktop'],
    });
    render(ModelsPanel, { run: 7 });
    const datasetSelect = (await screen.findByRole('combobox', { name: 'Labelled dataset' })) as HTMLSelectElement;
    // only labelled datasets can train a downstream classifier
    expect([...datasetSelect.options].map((o) => o.value)).toEqual(['flowers']);
    await fireEvent.input(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'our-flowers' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Train and save' }));
    expect((await screen.findByTestId('model-saved')).textContent).toContain('Saved as “our-flowers” (top-1 75%');
    expect(api.calls.find((c) => c.channel === 'eval:run')!.request).toEqual({
      run: 7,
      dataset: 'flowers',
      method: 'finetune',
      init: 'transfer',
      save: true,
      name: 'our-flowers',
    });
    // the new model becomes the export's source
    const source = screen.getByRole('combobox', { name: 'Weights' }) as HTMLSelectElement;
    await waitFor(() => expect(source.selectedOptions[0]!.textContent).toBe('Saved model “our-flowers”'));
    await fireEvent.change(screen.getByRole('combobox', { name: 'Format' }), { target: { value: 'tfjs' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Choose folder and export…' }));
    const result = await screen.findByTestId('weights-exported');
    expect(api.calls.at(-1)).toEqual({
      channel: 'export:weights',
      request: { model: 4, format: 'tfjs', out: '/home/me/weights' },
    });
    expect(asked[0]).toMatchObject({
      channel: 'desktop:choose-path',
      request: { purpose: 'export-folder', defaultPath: 'weights-model-4-tfjs' },
    });
    await fireEvent.click(within(result).getByRole('button', { name: 'Show in folder: model.json' }));
    expect(asked.at(-1)).toEqual({
      channel: 'desktop:show-path',
      request: { path: '/home/me/weights/model.json', action: 'reveal' },
    });
  });

  it("serve mode: exports the run's pre-trained weights into a folder on the server and downloads them as one tar", async () => {
    const api = installFake(
      fakeApi({
        'datasets:list': () => [],
        'models:list': () => [],
        'files:browse': () => ({ path: null, parent: null, roots: ['/srv/home'], entries: [] }),
        'export:weights': (req) => exported(req),
      }),
    );
    const archives: { files: string[]; name: string }[] = [];
    api.filesArchive = async (files, name) => (archives.push({ files, name }), new Blob(['tar']));
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => undefined });
    render(ModelsPanel, { run: 7 });
    expect(await screen.findByTestId('models-no-labelled')).toBeTruthy();
    const folder = screen.getByRole('textbox', { name: 'Folder on the server' }) as HTMLInputElement;
    await waitFor(() => expect(folder.value).toBe('/srv/home/exports'));
    await fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    const result = await screen.findByTestId('weights-exported');
    expect(api.calls.at(-1)).toEqual({
      channel: 'export:weights',
      request: { run: 7, format: 'safetensors', out: '/srv/home/exports/weights-run-7-safetensors' },
    });
    await fireEvent.click(within(result).getByRole('button', { name: 'Download weights-run-7-safetensors.tar' }));
    await waitFor(() =>
      expect(archives).toEqual([
        {
          files: [
            '/srv/home/exports/weights-run-7-safetensors/model.safetensors',
            '/srv/home/exports/weights-run-7-safetensors/config.json',
          ],
          name: 'weights-run-7-safetensors',
        },
      ]),
    );
  });

  it('is in Japanese when the UI is', async () => {
    setLocale('ja');
    installFake(
      fakeApi({
        'datasets:list': () => [],
        'models:list': () => [],
        'files:browse': () => ({ path: null, parent: null, roots: [], entries: [] }),
      }),
    );
    render(ModelsPanel, { run: 7 });
    expect(await screen.findByText('重みを書き出す')).toBeTruthy();
    expect(screen.getByRole('option', { name: 'ラン 7：事前学習したエンコーダーとヘッド' })).toBeTruthy();
  });
});
