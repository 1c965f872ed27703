import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/index.svelte.ts';
import { addImportResult, clearImportResults } from '../lib/imports.svelte.ts';
import type { ImportSummary, Response } from '../api/contract.ts';
import { deferred, fakeApi, installFake, vocabEditPreview, type FakeApi } from '../test/fake-api.ts';
import Datasets from './Datasets.svelte';

const info = (name: string, kind: 'captions' | 'labelled', items: number, classes = 0) => ({
  name,
  kind,
  format: 'jsonl',
  source_path: `/data/${name}`,
  image_size: 96,
  items,
  images: items - 3,
  classes,
  splits: { train: items },
  created_at: '2026-11-26T19:44:38.687Z',
  updated_at: '2026-11-26T19:44:38.687Z',
});
const vocab = (minCount: number, isDefault: boolean) => ({
  vocabulary: minCount,
  dataset: 'coco',
  mode: 'paper' as const,
  min_count: minCount,
  min_count_default: isDefault,
  threshold: isDefault ? ('cc3m' as const) : null,
  max_size: null,
  size: 400 / minCount,
  captions: 5000,
  coverage: 0.9 - minCount / 100,
  labels_per_caption: 2.5,
  top: [{ kind: 'synset' as const, name: 'dog.n.01', offset: 'n02084071', count: 321 }],
  synset_classes: 400 / minCount,
  lemma_classes: 0,
  synset_coverage: 0.9 - minCount / 100,
  seconds: 0.2,
});

type SamplesPage = Response<'datasets:samples'>;
const summary = (over: Partial<ImportSummary> & { dataset: string }): ImportSummary => ({
  import: 1,
  format: 'jsonl',
  items: 0,
  images: 0,
  already_present: 0,
  duplicates: 0,
  skipped: [],
  skipped_count: 0,
  status: 'completed',
  seconds: 3,
  images_per_second: 10,
  totals: { items: 0, images: 0, classes: 0 },
  ...over,
});
const span = (start: number, end: number, synset: string, offset: string, inVocabulary: boolean) => ({
  start,
  end,
  synset,
  offset,
  in_vocabulary: inVocabulary,
});
/** A gallery page: 30 caption items, the first with a kept synset ("DOG"), a pruned one ("cat") and a repeat. */
function samplesPage(req: { dataset: string; mode?: string; offset?: number; limit?: number }): SamplesPage {
  if (req.dataset === 'flowers') {
    return {
      dataset: 'flowers',
      total: 1,
      vocabulary: null,
      samples: [
        { item: 900, caption: 'daisy', class_name: 'daisy', thumbnail: 'data:image/png;base64,AAAA', spans: [] },
      ],
    };
  }
  const offset = req.offset ?? 0;
  const count = Math.max(0, Math.min(req.limit ?? 24, 30 - offset));
  return {
    dataset: req.dataset,
    total: 30,
    vocabulary: 7,
    samples: Array.from({ length: count }, (_, i) => ({
      item: offset + i + 1,
      caption: offset + i === 0 ? 'A DOG, a cat and a dog' : `caption ${offset + i + 1}`,
      class_name: null,
      thumbnail: 'data:image/png;base64,iVBORw0KGgo=',
      spans:
        offset + i === 0
          ? [
              span(2, 5, 'dog.n.01', 'n02084071', true),
              span(9, 12, 'cat.n.01', 'n02121620', false),
              span(19, 22, 'dog.n.01', 'n02084071', true),
            ]
          : [],
    })),
  };
}
const galleryPanel = () => screen.getByRole('heading', { name: 'Samples' }).closest('.panel') as HTMLElement;

describe('Datasets screen', () => {
  let api: FakeApi;
  beforeEach(() => {
    setLocale('en');
    clearImportResults();
    api = installFake(
      fakeApi({
        'datasets:list': () => [info('coco', 'captions', 12345), info('flowers', 'labelled', 500, 5)],
        'vocab:build': (req) => vocab(req.minCount ?? 4, req.minCount === undefined),
        'datasets:samples': samplesPage,
        'labels:caption': () => ({
          synsets: [
            { name: 'dog.n.01', offset: 'n02084071', word: 'dog' },
            { name: 'frisbee.n.01', offset: 'n03397947', word: 'frisbee' },
          ],
        }),
      }),
    );
  });
  afterEach(() => {
    delete window.catlip;
  });

  it('lists datasets with counts and shows the skipped items of an import', async () => {
    addImportResult({
      dataset: 'coco',
      import: 1,
      format: 'jsonl',
      items: 12345,
      images: 12342,
      already_present: 0,
      duplicates: 1,
      skipped: [
        { source: 'img/broken.jpg', reason: 'corrupt image: truncated JPEG' },
        { source: 'img/x.png', reason: 'missing file' },
      ],
      skipped_count: 2,
      status: 'completed',
      seconds: 12,
      images_per_second: 1000,
      totals: { items: 12345, images: 12342, classes: 0 },
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
    expect(builds).toEqual([
      { dataset: 'coco', mode: 'paper', top: 20 },
      { dataset: 'coco', mode: 'paper', top: 20, minCount: 8 },
    ]);
  });

  it('highlights the words of a caption that became synsets', async () => {
    render(Datasets);
    await fireEvent.input(screen.getByRole('textbox', { name: 'Caption' }), {
      target: { value: 'Two dogs and a Frisbee on grass' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Find synsets' }));
    const caption = await screen.findByTestId('tested-caption');
    expect([...caption.querySelectorAll('mark')].map((m) => [m.textContent, m.title])).toEqual([
      ['dogs', 'dog.n.01'],
      ['Frisbee', 'frisbee.n.01'],
    ]);
    expect(screen.getByText('n03397947')).toBeTruthy();
  });

  it('highlights the words of a Japanese caption and lists its nouns without a synset', async () => {
    api = installFake(
      fakeApi({
        'datasets:list': () => [],
        'labels:caption': () => ({
          synsets: [
            { name: 'dog.n.01', offset: 'n02084071', word: '犬' },
            { name: 'park.n.02', offset: 'n08615374', word: '公園' },
          ],
          lemmas: ['ja:フリスビー'],
        }),
      }),
    );
    render(Datasets);
    await fireEvent.input(screen.getByRole('textbox', { name: 'Caption' }), {
      target: { value: '犬が公園でフリスビーを追う' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Find synsets' }));
    const caption = await screen.findByTestId('tested-caption');
    expect([...caption.querySelectorAll('mark')].map((m) => [m.textContent, m.title])).toEqual([
      ['犬', 'dog.n.01'],
      ['公園', 'park.n.02'],
    ]);
    expect(screen.getByTestId('tested-lemmas').textContent).toContain('ja:フリスビー');
  });

  it('shows lemma classes and coverage by synsets when the vocabulary has lemma classes', async () => {
    api = installFake(
      fakeApi({
        'datasets:list': () => [info('coco', 'captions', 12345)],
        'vocab:build': () => ({
          ...vocab(4, true),
          size: 101,
          synset_classes: 98,
          lemma_classes: 3,
          synset_coverage: 0.61,
          top: [
            { kind: 'lemma' as const, name: 'ja:公園', offset: '', count: 400 },
            { kind: 'synset' as const, name: 'dog.n.01', offset: 'n02084071', count: 321 },
          ],
        }),
      }),
    );
    render(Datasets);
    const lemmas = await screen.findByTestId('vocab-lemma-classes');
    expect(lemmas.textContent).toContain('3');
    expect(screen.getByText('61%')).toBeTruthy();
  });

  it('shows the data quality with near-duplicate groups, and previews then saves a dataset view', async () => {
    const coverage = (items: number, classes: number, share: number) => ({
      items,
      captions: items,
      images: items,
      train_items: items,
      classes,
      class_coverage: share,
    });
    api = installFake(
      fakeApi({
        'datasets:list': () => [info('coco', 'captions', 12345)],
        'vocab:build': () => vocab(4, true),
        'datasets:quality': (req) => ({
          dataset: req.dataset,
          view: null,
          mode: 'paper',
          captions: 12345,
          no_class: 0.1,
          no_synset: 0.2,
          languages: { en: 12000, ja: 345 },
          lengths: [],
          unmatched: [],
          duplicate_images: 2,
          near_duplicates: {
            threshold: 6,
            images: 12342,
            groups: 1,
            redundant: 2,
            examples: [
              [
                { id: 1, source: 'site.jsonl:1' },
                { id: 7, source: 'site.jsonl:7' },
                { id: 9, source: 'site.jsonl:9' },
              ],
            ],
          },
        }),
        'datasets:view:create': (req) => ({
          dataset: req.dataset,
          name: req.name,
          mode: 'paper',
          filters: { dropNoClass: true, dropNearDuplicates: true, ...req.filters },
          before: coverage(12345, 400, 0.9),
          after: coverage(11000, 380, 1),
          created_at: req.preview ? null : '2026-12-04T10:00:00.000Z',
        }),
      }),
    );
    render(Datasets);
    await fireEvent.click(await screen.findByRole('button', { name: 'Check quality' }));
    expect((await screen.findByTestId('near-duplicates')).textContent).toContain(
      '1 groups of near-duplicate images among 12,342 images (at most 6 of 64 hash bits apart); dropping them would remove 2',
    );
    expect(screen.getByTestId('near-duplicate-groups').textContent).toContain(
      'site.jsonl:1 ≈ site.jsonl:7 ≈ site.jsonl:9',
    );

    await fireEvent.click(screen.getByRole('checkbox', { name: 'Japanese captions' }));
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Max. caption length' }), { target: { value: '80' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect((await screen.findByTestId('view-result')).textContent).toContain('Preview (not saved)');
    const table = screen.getByTestId('view-coverage');
    expect(table.querySelectorAll('tbody tr')[1]!.textContent).toContain('11,000');
    expect((screen.getByRole('button', { name: 'Save view' }) as HTMLButtonElement).disabled).toBe(true); // no name yet
    await fireEvent.input(screen.getByRole('textbox', { name: 'View name' }), { target: { value: 'clean' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save view' }));
    await waitFor(() => expect(screen.getByTestId('view-result').textContent).toContain('Saved view “clean”'));
    expect(api.calls.filter((c) => c.channel === 'datasets:view:create').map((c) => c.request)).toEqual([
      {
        dataset: 'coco',
        mode: 'paper',
        name: 'preview',
        preview: true,
        filters: { dropNoClass: true, dropNearDuplicates: true, languages: ['en'], maxLength: 80 },
      },
      {
        dataset: 'coco',
        mode: 'paper',
        name: 'clean',
        preview: false,
        filters: { dropNoClass: true, dropNearDuplicates: true, languages: ['en'], maxLength: 80 },
      },
    ]);
  });

  it('collects business vocabulary edits and saves them as a new version that the panel then shows', async () => {
    api = installFake(
      fakeApi({
        'datasets:list': () => [info('coco', 'captions', 12345)],
        'vocab:build': () => vocab(4, true),
        'vocab:edit': (req) => ({
          ...vocab(4, true),
          vocabulary: 9,
          size: 77,
          synset_classes: 77,
          parent: req.vocabulary,
          edits: [],
          relabelled: 12,
        }),
        'vocab:edit:preview': (req) => vocabEditPreview(req, req.vocabulary === 9 ? 77 : 45),
      }),
    );
    render(Datasets);
    await screen.findByTestId('vocab-stats');
    await fireEvent.input(screen.getByRole('textbox', { name: /Classes or words to drop/ }), {
      target: { value: 'photo, 写真' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Add edit' }));
    await fireEvent.change(screen.getByRole('combobox', { name: 'Edit' }), { target: { value: 'map' } });
    await fireEvent.input(screen.getByRole('textbox', { name: /^Term/ }), { target: { value: '戸棚' } });
    expect((screen.getByRole('button', { name: 'Add edit' }) as HTMLButtonElement).disabled).toBe(true); // no synset yet
    await fireEvent.input(screen.getByRole('textbox', { name: /^Synset/ }), { target: { value: 'cupboard.n.01' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add edit' }));
    expect(screen.getByTestId('pending-edits').textContent).toMatch(/drop photo, 写真.*戸棚 → cupboard\.n\.01/);
    await fireEvent.click(screen.getByRole('button', { name: 'Save 2 edits as a new version' }));
    expect((await screen.findByTestId('edit-saved')).textContent).toContain(
      'Vocabulary 9 made from vocabulary 4 (12 captions relabelled)',
    );
    expect(api.calls.filter((c) => c.channel === 'vocab:edit').map((c) => c.request)).toEqual([
      {
        vocabulary: 4,
        top: 20,
        edits: [
          { op: 'stop', classes: ['photo', '写真'] },
          { op: 'map', term: '戸棚', synset: 'cupboard.n.01' },
        ],
      },
    ]);
    expect(screen.getByTestId('vocab-size').textContent).toBe('77');
    // the curve follows: the two edits before saving, then the saved version as it is
    expect(api.calls.filter((c) => c.channel === 'vocab:edit:preview').map((c) => c.request)).toEqual([
      { vocabulary: 4, edits: [] },
      { vocabulary: 4, edits: [{ op: 'stop', classes: ['photo', '写真'] }] },
      {
        vocabulary: 4,
        edits: [
          { op: 'stop', classes: ['photo', '写真'] },
          { op: 'map', term: '戸棚', synset: 'cupboard.n.01' },
        ],
      },
      { vocabulary: 9, edits: [] },
    ]);
    await waitFor(() =>
      expect(screen.getByTestId('edited-figures').textContent).toContain('Vocabulary 9 at minimum count 3: 77 classes'),
    );
  });

  it('sends the image folders of the import form, one per line', async () => {
    api = installFake(
      fakeApi({
        'datasets:list': () => [],
        'datasets:import': (req) => summary({ dataset: req.name }),
      }),
    );
    render(Datasets);
    await fireEvent.input(screen.getByRole('textbox', { name: /Path on the engine machine/ }), {
      target: { value: '/exports/site.jsonl' },
    });
    await fireEvent.input(screen.getByRole('textbox', { name: /Dataset name/ }), { target: { value: 'site' } });
    await fireEvent.input(screen.getByRole('textbox', { name: /Image folders/ }), {
      target: { value: '/mnt/photos\n\n /mnt/more \n' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(api.calls.some((c) => c.channel === 'datasets:import')).toBe(true));
    expect(api.calls.find((c) => c.channel === 'datasets:import')!.request).toMatchObject({
      path: '/exports/site.jsonl',
      name: 'site',
      imageRoots: ['/mnt/photos', '/mnt/more'],
    });
  });

  it('cancels a running import and reports how many items were kept', async () => {
    const running = deferred<ImportSummary>();
    api = installFake(
      fakeApi({
        'datasets:list': () => [],
        'datasets:import': () => running.promise,
        'datasets:import:cancel': (req) => {
          running.resolve(
            summary({ dataset: req.dataset, items: 42, skipped_count: 1, status: 'cancelled', seconds: 5 }),
          );
          return { cancelled: true };
        },
      }),
    );
    render(Datasets);
    await fireEvent.input(screen.getByRole('textbox', { name: /Path on the engine machine/ }), {
      target: { value: '/data/big.jsonl' },
    });
    await fireEvent.input(screen.getByRole('textbox', { name: /Dataset name/ }), { target: { value: 'big' } });
    expect(screen.queryByRole('button', { name: 'Cancel import' })).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    api.emit('import:progress', {
      dataset: 'big',
      processed: 50,
      items: 42,
      skipped: 1,
      items_per_second: 10,
      seconds: 5,
      fraction: 0.1,
      eta_seconds: 45,
    });
    await fireEvent.click(await screen.findByRole('button', { name: 'Cancel import' }));
    expect(api.calls.filter((c) => c.channel === 'datasets:import:cancel').map((c) => c.request)).toEqual([
      { dataset: 'big' },
    ]);
    const result = await screen.findByTestId('import-result');
    expect(result.textContent).toContain('Import of “big” cancelled: 42 new items kept, 1 skipped');
    expect(screen.queryByRole('button', { name: 'Cancel import' })).toBeNull();
    expect(screen.getByText('1 items of “big” were skipped. Valid items were imported.')).toBeTruthy();
  });

  it('shows a gallery of samples with vocabulary synsets and pruned ones highlighted differently', async () => {
    render(Datasets);
    const gallery = await within(galleryPanel()).findByTestId('sample-gallery');
    const first = gallery.querySelector('figure[data-item="1"]')!;
    expect(first.querySelector('img')!.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect([...first.querySelectorAll('mark')].map((m) => [m.textContent, m.dataset.kind, m.title])).toEqual([
      ['DOG', 'kept', 'dog.n.01, in the vocabulary'],
      ['cat', 'pruned', 'cat.n.01, pruned from the vocabulary'],
      ['dog', 'kept', 'dog.n.01, in the vocabulary'],
    ]);
    // the plain text between the highlights is kept exactly
    const visible = first.querySelector('figcaption')!.cloneNode(true) as HTMLElement;
    visible.querySelectorAll('.sr-only').forEach((n) => n.remove());
    expect(visible.textContent!.trim()).toBe('A DOG, a cat and a dog');
    // screen readers hear the synset after each highlighted word
    expect(first.querySelector('.sr-only')!.textContent).toBe(' (dog.n.01, in the vocabulary)');
    expect(within(galleryPanel()).getByTestId('gallery-range').textContent).toContain('Items 1–24 of 30');
    expect(gallery.querySelectorAll('figure').length).toBe(24);
  });

  it('pages through the samples and switches the labelling mode and the dataset', async () => {
    render(Datasets);
    const panel = galleryPanel();
    await within(panel).findByTestId('sample-gallery');
    const previous = within(panel).getByRole('button', { name: 'Previous' }) as HTMLButtonElement;
    expect(previous.disabled).toBe(true);
    await fireEvent.click(within(panel).getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(within(panel).getByTestId('gallery-range').textContent).toContain('Items 25–30 of 30'));
    expect((within(panel).getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.change(within(panel).getByRole('combobox', { name: 'Labelling mode' }), {
      target: { value: 'corenet' },
    });
    await waitFor(() =>
      expect(api.calls.filter((c) => c.channel === 'datasets:samples').at(-1)!.request).toEqual({
        dataset: 'coco',
        mode: 'corenet',
        offset: 24,
        limit: 24,
      }),
    );
    await fireEvent.change(within(panel).getByRole('combobox', { name: 'Dataset' }), { target: { value: 'flowers' } });
    await waitFor(() => expect(within(panel).getByText('Class: daisy')).toBeTruthy());
    expect(api.calls.filter((c) => c.channel === 'datasets:samples').at(-1)!.request).toMatchObject({
      dataset: 'flowers',
      offset: 0,
    });
    expect(within(panel).queryByRole('combobox', { name: 'Labelling mode' })).toBeNull();
  });
});
