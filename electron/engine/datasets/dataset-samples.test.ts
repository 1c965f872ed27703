import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, type Request, type Response } from '../../shared/channels.js';
import { fixture } from '../../../test/fixtures/fixture-paths.js';
import { openDatabase, type Db } from '../store/database.js';
import { buildVocabulary } from '../vocab/vocabulary.js';
import { datasetSamples } from './dataset-samples.js';
import { ImageCacheReader } from './image-cache.js';
import { importDataset } from './import-dataset.js';
import { openSource } from './sources/open-source.js';
import type { DatasetSource, SourceRecord } from './sources/types.js';

type Sample = Response<'datasets:samples'>['samples'][number];
const dir = mkdtempSync(path.join(os.tmpdir(), 'catlip-samples-'));
const home = path.join(dir, 'home');
let db: Db;

const CAPTIONS: [image: string, caption: string][] = [
  ['red.jpg', 'A DOG chasing another dog.'],
  ['green.png', 'A dog and a cat on the grass'],
  ['blue.jpg', 'A red ball'],
  ['red.jpg', 'Ein Hund? No: a café table!'],
  ['green.png', 'Two teddy bears'],
];
const captionSource: DatasetSource = {
  format: 'jsonl',
  root: dir,
  labelled: false,
  async *records() {
    for (const [i, [image, caption]] of CAPTIONS.entries()) {
      yield {
        kind: 'item',
        source: `captions.jsonl:${i + 1}`,
        image: { path: fixture('captions', 'images', image) },
        caption,
      } as SourceRecord;
    }
  },
};

const page = (req: Partial<Request<'datasets:samples'>> & { dataset: string }) =>
  datasetSamples(db, home, channels['datasets:samples'].request.parse(req));
const sampleWith = (p: { samples: Sample[] }, text: string) => p.samples.find((s) => s.caption.includes(text))!;
const marked = (s: {
  caption: string;
  spans: { start: number; end: number; synset: string; in_vocabulary: boolean }[];
}) => s.spans.map((x) => [s.caption.slice(x.start, x.end), x.synset, x.in_vocabulary]);

beforeAll(async () => {
  db = openDatabase(home);
  await importDataset(db, home, captionSource, { name: 'caps', imageSize: 16 });
  await importDataset(db, home, await openSource(fixture('imagefolder'), 'imagefolder'), {
    name: 'folders',
    imageSize: 24,
  });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('datasetSamples', () => {
  it('pages items by id and validates against the channel schema', async () => {
    const all = await page({ dataset: 'caps', limit: 50 });
    expect(channels['datasets:samples'].response.parse(all)).toEqual(all);
    expect(all.total).toBe(5);
    // items are stored as their images finish decoding, so compare with the set of captions
    expect(all.samples.map((s) => s.caption).sort()).toEqual(CAPTIONS.map(([, c]) => c).sort());
    const ids = all.samples.map((s) => s.item);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const first = await page({ dataset: 'caps', limit: 2 });
    const rest = await page({ dataset: 'caps', offset: 2, limit: 10 });
    expect([...first.samples, ...rest.samples].map((s) => s.item)).toEqual(ids);
    expect(first.samples.length).toBe(2);
    expect((await page({ dataset: 'caps', offset: 5 })).samples).toEqual([]);
  });

  it('encodes each cached image as a PNG of the cache size, pixel for pixel', async () => {
    const { samples } = await page({ dataset: 'caps', limit: 50 });
    const cacheIndex = db
      .prepare('SELECT im.cache_index FROM items i JOIN images im ON im.id = i.image_id WHERE i.id = ?')
      .pluck();
    const cache = new ImageCacheReader(path.join(home, 'cache', 'caps.16px.rgb'));
    try {
      expect(cache.count).toBe(3);
      for (const s of samples) {
        expect(s.thumbnail.startsWith('data:image/png;base64,')).toBe(true);
        const png = Buffer.from(s.thumbnail.slice('data:image/png;base64,'.length), 'base64');
        const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
        expect([info.width, info.height, info.channels]).toEqual([16, 16, 3]);
        expect(Buffer.compare(data, Buffer.from(cache.read(cacheIndex.get(s.item) as number)))).toBe(0);
      }
      // red, green and blue: three different pictures
      expect(new Set(samples.map((s) => s.thumbnail)).size).toBe(3);
    } finally {
      cache.close();
    }
  });

  it('marks the words that became synsets, in both modes, every occurrence at its place', async () => {
    const paper = await page({ dataset: 'caps', mode: 'paper' });
    expect(paper.vocabulary).toBeNull();
    expect(marked(sampleWith(paper, 'A DOG'))).toEqual([
      ['DOG', 'dog.n.01', false],
      ['dog', 'dog.n.01', false],
    ]);
    expect(marked(sampleWith(paper, 'café')).map(([word]) => word)).toEqual(['table']);
    expect(marked(sampleWith(paper, 'teddy'))).toEqual([['teddy bears', 'teddy.n.01', false]]);
    const corenet = await page({ dataset: 'caps', mode: 'corenet' });
    expect(marked(sampleWith(corenet, 'cat')).map(([word, synset]) => [word, synset])).toEqual([
      ['dog', 'dog.n.01'],
      ['cat', 'cat.n.01'],
      ['grass', 'grass.n.01'],
    ]);
  });

  it('tells vocabulary synsets from pruned ones once the default vocabulary is built', async () => {
    const vocab = buildVocabulary(db, { dataset: 'caps', mode: 'paper' }); // default min-count 2: only dog.n.01 stays
    const samples = await page({ dataset: 'caps', mode: 'paper' });
    expect(samples.vocabulary).toBe(vocab.vocabulary);
    expect(marked(sampleWith(samples, 'cat'))).toEqual([
      ['dog', 'dog.n.01', true],
      ['cat', 'cat.n.01', false],
      ['grass', 'grass.n.01', false],
    ]);
    // a vocabulary with a custom min-count is not the default one
    buildVocabulary(db, { dataset: 'caps', mode: 'corenet', minCount: 1 });
    expect((await page({ dataset: 'caps', mode: 'corenet' })).vocabulary).toBeNull();
  });

  it('shows the class name as the caption of a labelled item', async () => {
    const { total, samples, vocabulary } = await page({ dataset: 'folders', limit: 50 });
    expect(vocabulary).toBeNull();
    expect(samples.length).toBe(total);
    expect(new Set(samples.map((s) => s.class_name))).toEqual(new Set(['cat', 'dog']));
    for (const s of samples) {
      expect(s.caption).toBe(s.class_name);
      expect(s.spans).toEqual([]);
    }
    const png = Buffer.from(samples[0].thumbnail.split(',')[1], 'base64');
    expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 24, height: 24 });
  });

  it('fails with not-found for an unknown dataset', async () => {
    await expect(page({ dataset: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
  });
});
