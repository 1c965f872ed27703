import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestInput, Response } from '../../api/contract.ts';
import { ApiError } from '../../api/errors.ts';
import type { CatlipApi } from '../../api/types.ts';
import { setLocale } from '../../i18n/index.svelte.ts';
import { MAX_UPLOAD_BYTES } from '../../lib/image-upload.ts';
import { fakeApi, installFake, type FakeApi } from '../../test/fake-api.ts';
import TryIt from './TryIt.svelte';

const savedModel = (id: number, run: number): Response<'models:list'>[number] => ({
  id,
  name: `flowers-ft-${id}`,
  run,
  evaluation: 3,
  method: 'finetune',
  dataset: 'flowers',
  classes: ['daisy', 'rose'],
  top1: 0.8,
  top5: null,
  bytes: 1000,
  sha256: 'ab',
  created_at: '2026-12-04T10:00:00Z',
});

/** What the engine answers: CatLIP synsets, CLIP prompts over the classes asked for, the saved model's classes. */
function prediction(req: RequestInput<'predict:image'>, objective: 'catlip' | 'clip'): Response<'predict:image'> {
  const pretrained =
    objective === 'catlip'
      ? {
          kind: 'synsets' as const,
          top: [
            { label: 'daisy.n.01', score: 2.5 },
            { label: 'flower.n.01', score: 1.25 },
          ],
        }
      : req.classes?.length
        ? {
            kind: 'prompts' as const,
            top: req.classes.map((c, i) => ({
              label: c,
              score: 0.3 - i / 10,
              probability: i === 0 ? 0.7 : 0.3 / (req.classes!.length - 1),
            })),
          }
        : { kind: 'prompts' as const, top: [], note: 'no class names' };
  const downstream = req.model
    ? {
        model: req.model,
        name: `flowers-ft-${req.model}`,
        top: [
          { label: 'rose', score: 3, probability: 0.9 },
          { label: 'daisy', score: 1, probability: 0.1 },
        ],
      }
    : null;
  return { run: req.run, objective, pretrained, downstream, image: { width: 4, height: 4 } };
}

/** A table row's cells, joined by a space. */
const cells = (row: Element) => [...row.querySelectorAll('td')].map((c) => c.textContent?.trim()).join(' ');

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 250]);

describe('Try it', () => {
  let api: FakeApi;
  let failWith: ApiError | null;
  beforeEach(() => {
    setLocale('en');
    failWith = null;
    api = installFake(
      fakeApi({
        'models:list': ({ run } = {}) => (run === 1 ? [savedModel(4, 1)] : []),
        'predict:image': (req) => {
          if (failWith) throw failWith;
          return prediction(req, req.run === 1 ? 'catlip' : 'clip');
        },
      }),
    );
  });
  afterEach(() => {
    delete window.catlip;
  });

  const predictCalls = () =>
    api.calls.filter((c) => c.channel === 'predict:image').map((c) => c.request as RequestInput<'predict:image'>);

  it('uploads a chosen image as base64, shows the top synsets, then the saved model’s classes', async () => {
    render(TryIt, { props: { runs: [{ run: 1, objective: 'catlip' }] } });
    const select = await screen.findByTestId('try-it-model-1');
    expect([...screen.getByTestId('saved-models-1').querySelectorAll('tbody tr')].map(cells)).toEqual([
      expect.stringMatching(/^flowers-ft-4 Fine-tune flowers \(2\) 80% \S/),
    ]);
    await fireEvent.change(screen.getByTestId('try-it-file'), {
      target: { files: [new File([PNG], 'my-flower.png', { type: 'image/png' })] },
    });
    const synsets = await screen.findByTestId('try-it-pretrained-1');
    expect(within(synsets).getByText('Pretrained CatLIP: top synsets')).toBeTruthy();
    expect(within(synsets).getAllByRole('row').slice(1).map(cells)).toEqual(['daisy.n.01 2.5', 'flower.n.01 1.25']);
    expect(predictCalls()).toEqual([
      { run: 1, top: 5, image: { base64: Buffer.from(PNG).toString('base64'), name: 'my-flower.png' } },
    ]);
    expect(screen.getByRole('img', { name: 'my-flower.png' }).getAttribute('src')).toBe(
      `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`,
    );

    await fireEvent.change(select, { target: { value: '4' } });
    const downstream = await screen.findByTestId('try-it-downstream-1');
    expect(within(downstream).getByText('Saved model “flowers-ft-4”')).toBeTruthy();
    expect(within(downstream).getAllByRole('row').slice(1).map(cells)).toEqual(['rose 90%', 'daisy 10%']);
    expect(predictCalls().at(-1)).toMatchObject({ run: 1, model: 4 });
  });

  it('refuses an image above the upload limit without sending it, and shows the engine’s error for a bad one', async () => {
    render(TryIt, { props: { runs: [{ run: 1, objective: 'catlip' }] } });
    await screen.findByTestId('try-it-model-1');
    const huge = new File([PNG], 'huge.jpg', { type: 'image/jpeg' });
    Object.defineProperty(huge, 'size', { value: MAX_UPLOAD_BYTES + 1 });
    await fireEvent.change(screen.getByTestId('try-it-file'), { target: { files: [huge] } });
    expect((await screen.findByRole('alert')).textContent).toContain('“huge.jpg” is larger than 8 MB');
    expect(predictCalls()).toEqual([]);

    failWith = new ApiError('invalid-data', 'image: not a readable image (unsupported image format)', 'predict:image', {
      field: 'image',
    });
    await fireEvent.change(screen.getByTestId('try-it-file'), {
      target: { files: [new File([PNG], 'broken.jpg', { type: 'image/jpeg' })] },
    });
    await waitFor(() =>
      expect(screen.getAllByRole('alert').some((a) => a.textContent?.includes('not a readable image'))).toBe(true),
    );
    expect(screen.queryByTestId('try-it-pretrained-1')).toBeNull();
  });

  it('Compare: one dropped image goes to both runs; CLIP scores the class names typed', async () => {
    render(TryIt, {
      props: {
        runs: [
          { run: 1, objective: 'catlip', name: 'CatLIP' },
          { run: 2, objective: 'clip', name: 'CLIP' },
        ],
      },
    });
    await screen.findByTestId('try-it-model-1');
    expect(
      screen.getByText(
        'No saved model for this run yet: run a fine-tune or linear probe with --save (catlip-pilot eval … --save).',
      ),
    ).toBeTruthy();
    await fireEvent.input(screen.getByTestId('try-it-classes'), { target: { value: 'cat, dog、car' } });
    await fireEvent.drop(screen.getByTestId('try-it-drop'), {
      dataTransfer: { files: [new File([PNG], 'pet.png', { type: 'image/png' })] },
    });
    const clip = await screen.findByTestId('try-it-pretrained-2');
    expect(within(clip).getByText('Pretrained CLIP: zero-shot prompts')).toBeTruthy();
    expect(within(clip).getAllByRole('row').slice(1).map(cells)).toEqual(['cat 70%', 'dog 15%', 'car 15%']);
    expect(predictCalls().map((r) => [r.run, r.classes])).toEqual([
      [1, ['cat', 'dog', 'car']],
      [2, ['cat', 'dog', 'car']],
    ]);
    expect(screen.getByTestId('try-it-pretrained-1')).toBeTruthy();
  });

  it('desktop app: Choose image… opens the native dialog and sends the path, not the bytes', async () => {
    const asked: unknown[] = [];
    Object.assign(api, {
      desktop: (async (channel: string, request: unknown) => (
        asked.push({ channel, request }),
        { path: '/home/u/Pictures/cat.jpg' }
      )) as unknown as CatlipApi['desktop'],
    });
    render(TryIt, { props: { runs: [{ run: 1, objective: 'catlip' }] } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Choose image…' }));
    await screen.findByTestId('try-it-pretrained-1');
    expect(asked).toEqual([
      { channel: 'desktop:choose-path', request: { purpose: 'open-image', title: 'Choose image…' } },
    ]);
    expect(predictCalls()).toEqual([{ run: 1, top: 5, image: { path: '/home/u/Pictures/cat.jpg' } }]);
    expect(screen.getByText('Image: cat.jpg')).toBeTruthy();
  });
});
