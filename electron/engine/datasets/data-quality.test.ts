import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../../../test/fixtures/fixture-paths.js';
import { Engine } from '../api/engine.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-quality-'));
const CAPTIONS = ['a photo of an automobile', '写真：ourbrandの車', '戸棚の上の犬', 'very nice', 'とても良いですね'];
let engine: Engine;

beforeAll(async () => {
  engine = new Engine(home);
  const images = ['red.jpg', 'green.png'].map((f) => fixture('captions', 'images', f));
  const manifest = path.join(home, 'mixed.jsonl');
  writeFileSync(
    manifest,
    images.flatMap((image) => CAPTIONS.map((caption) => JSON.stringify({ image, caption }))).join('\n'),
  );
  await engine.invoke('datasets:import', {
    path: manifest,
    name: 'mixed',
    imageSize: 16,
    imageRoots: [fixture('captions', 'images')],
  });
}, 120_000);
afterAll(() => {
  engine.close();
  rmSync(home, { recursive: true, force: true });
});

describe('data quality', () => {
  it('reports captions without a class, the language mix, caption lengths and the nouns without a synset', async () => {
    const q = await engine.invoke('datasets:quality', { dataset: 'mixed' });
    expect(q).toMatchObject({
      dataset: 'mixed',
      mode: 'paper',
      captions: 10,
      no_class: 0.4,
      no_synset: 0.4,
      languages: { en: 4, ja: 6 },
      duplicate_images: 0,
    });
    // the fixture's red and green images are flat: dHash compares brightness structure, not colour, so two
    // single-colour images are near-duplicates of each other (photos are tested in near-duplicates.test.ts)
    expect(q.near_duplicates).toMatchObject({ images: 2, groups: 1, redundant: 1 });
    expect(q.unmatched).toEqual([
      { lemma: 'en:ourbrand', count: 2 },
      { lemma: 'ja:戸棚', count: 2 },
    ]);
    expect(q.lengths.map((b) => b.count)).toEqual([6, 2, 2, 0, 0, 0]);
    expect(q.lengths[0]).toEqual({ min: 0, max: 9, count: 6 });
    expect(q.lengths.at(-1)).toEqual({ min: 160, max: null, count: 0 });
    // corenet mode: English-only, no lemma classes
    const corenet = await engine.invoke('datasets:quality', { dataset: 'mixed', mode: 'corenet' });
    expect(corenet.unmatched).toEqual([]);
    expect(corenet.no_synset).toBeGreaterThan(q.no_synset);
  });
});
