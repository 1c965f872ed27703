import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/index.svelte.ts';
import { addImportResult, clearImportResults } from '../lib/imports.svelte.ts';
import { fakeApi, installFake, type FakeApi } from '../test/fake-api.ts';
import Datasets from './Datasets.svelte';

const info = (name: string, kind: 'captions' | 'labelled', items: number, classes = 0) => ({
  name, kind, format: 'jsonl', source_path: `/data/${name}`, image_size: 96, items, images: items - 3, classes, splits: { train: items },
  created_at: '2026-11-26T19:44:38.687Z', updated_at: '2026-11-26T19:44:38.687Z',
});
const vocab = (minCount: number, isDefault: boolean) => ({
  vocabulary: minCount, dataset: 'coco', mode: 'paper' as const, min_count: minCount, min_count_default: isDefault, max_size: null,
  size: 400 / minCount, captions: 5000, coverage: 0.9 - minCount / 100, labels_per_caption: 2.5, top: [{ name: 'dog.n.01', offset: 'n02084071', count: 321 }],
  seconds: 0.2,
});

describe('Datasets screen', () => {
  let api: FakeApi;
  beforeEach(() => {
    setLocale('en');
    clearImportResults();
    api = installFake(fakeApi({
      'datasets:list': () => [info('coco', 'captions', 12345), info('flowers', 'labelled', 500, 5)],
      'vocab:build': (req) => vocab(req.minCount ?? 4, req.minCount === undefined),
      'labels:caption': () => ({ synsets: [{ name: 'dog.n.01', offset: 'n02084071', word: 'dog' }, { name: 'frisbee.n.01', offset: 'n03397947', word: 'frisbee' }] }),
    }));
  });
  afterEach(() => {
    delete window.catlip;
  });

  it('lists datasets with counts and shows the skipped items of an import', async () => {
    addImportResult({
      dataset: 'coco', import: 1, format: 'jsonl', items: 12345, images: 12342, already_present: 0, duplicates: 1,
      skipped: [{ source: 'img/broken.jpg', reason: 'corrupt image: truncated JPEG' }, { source: 'img/x.png', reason: 'missing file' }],
      skipped_count: 2, status: 'completed', seconds: 12, images_per_second: 1000, totals: { items: 12345, images: 12342, classes: 0 },
    });
    render(Datasets);
    const table = await screen.findByTestId('datasets-table');
    const coco = within(table).getByText('coco').closest('tr')!;
    expect(coco.textContent).toContain('12,345');
    expect(coco.textContent).toContain('12,342');
    expect(within(table).getByText('flowers').closest('tr')!.textContent).toMatch(/labelled.*500.*497.*5/);
    expect(screen.getByText('2 items of “coco” were skipped. Valid items were imported.')).toBeTruthy();
    expect(screen.getByText('corrupt image: truncated JPEG')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeTruthy();
  });

  it('builds the vocabulary with the default min-count, then rebuilds for another one', async () => {
    render(Datasets);
    await waitFor(() => expect(screen.getByTestId('vocab-size').textContent).toBe('100'));
    expect(screen.getByText(/default minimum count \(4\)/)).toBeTruthy();
    expect(screen.getByText('86%')).toBeTruthy();
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Minimum count' }), { target: { value: '8' } });
    await waitFor(() => expect(screen.getByTestId('vocab-size').textContent).toBe('50'), { timeout: 2000 });
    const builds = api.calls.filter((c) => c.channel === 'vocab:build').map((c) => c.request);
    expect(builds).toEqual([{ dataset: 'coco', mode: 'paper', top: 20 }, { dataset: 'coco', mode: 'paper', top: 20, minCount: 8 }]);
  });

  it('highlights the words of a caption that became synsets', async () => {
    render(Datasets);
    await fireEvent.input(screen.getByRole('textbox', { name: 'Caption' }), { target: { value: 'Two dogs and a Frisbee on grass' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Find synsets' }));
    const caption = await screen.findByTestId('tested-caption');
    expect([...caption.querySelectorAll('mark')].map((m) => [m.textContent, m.title])).toEqual([['dogs', 'dog.n.01'], ['Frisbee', 'frisbee.n.01']]);
    expect(screen.getByText('n03397947')).toBeTruthy();
  });
});
