import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../../test/fixtures/fixture-paths.js';
import { Engine } from '../api/engine.js';
import { resolveRunConfig } from '../training/run-config.js';
import { loadTrainingSet } from '../training/training-set.js';
import { requireDataset } from './dataset-repository.js';
import { requireView } from './dataset-views.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-views-'));
const coco = path.join(sharedDataDir, 'coco-mini', 'train2017');
const photos = ['000000000790.jpg', '000000030752.jpg', '000000037666.jpg'].map((f) => path.join(coco, f));
let engine: Engine;

// per image: an English caption with classes, a Japanese one with classes, one without a class, a long one
const CAPTIONS = [
  'a dog on a sofa',
  '公園の犬',
  'very nice',
  'a man riding a bicycle down a long street next to a red bus and a car',
];

beforeAll(async () => {
  engine = new Engine(home);
  const copy = path.join(home, 'copy.jpg'); // a near-duplicate of the first photo
  await sharp(photos[0]).resize(200).jpeg({ quality: 60 }).toFile(copy);
  const manifest = path.join(home, 'site.jsonl');
  writeFileSync(
    manifest,
    [...photos, copy].flatMap((image) => CAPTIONS.map((caption) => JSON.stringify({ image, caption }))).join('\n'),
  );
  await engine.invoke('datasets:import', { path: manifest, name: 'site', imageSize: 32, imageRoots: [coco, home] });
}, 120_000);
afterAll(() => {
  engine.close();
  rmSync(home, { recursive: true, force: true });
});

describe('dataset views', () => {
  const filters = { dropNoClass: true, languages: ['en' as const], maxLength: 40, dropNearDuplicates: true };

  it('shows the filters’ effect on coverage, and the preview saves nothing', async () => {
    const preview = await engine.invoke('datasets:view:create', {
      dataset: 'site',
      name: 'clean',
      filters,
      preview: true,
    });
    expect(preview.created_at).toBeNull();
    expect(preview.before).toMatchObject({ items: 16, captions: 16, images: 4, class_coverage: 0.75 });
    // kept: 'a dog on a sofa' of the three distinct photos (the copy is a near-duplicate; the others fail a filter)
    expect(preview.after).toMatchObject({ items: 3, captions: 3, images: 3, class_coverage: 1 });
    expect(preview.after.classes).toBeLessThan(preview.before.classes);
    expect(await engine.invoke('datasets:views', { dataset: 'site' })).toEqual([]);
  });

  it('saves an immutable view whose items the trainer uses, and the run records it', async () => {
    const all = await engine.invoke('datasets:view:create', { dataset: 'site', name: 'all', filters: {} });
    expect(all.after).toEqual(all.before);
    const view = await engine.invoke('datasets:view:create', {
      dataset: 'site',
      name: 'clean',
      filters: { dropNoClass: true, dropNearDuplicates: true },
    });
    expect(view.after).toMatchObject({ items: 9, images: 3 });
    await expect(
      engine.invoke('datasets:view:create', { dataset: 'site', name: 'clean', filters: {} }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect((await engine.invoke('datasets:views', { dataset: 'site' })).map((v) => v.name)).toEqual(['all', 'clean']);

    const db = engine.db;
    const dataset = requireDataset(db, 'site');
    const { itemIds } = requireView(db, dataset, 'clean');
    const { config } = resolveRunConfig(db, { ...baseRequest, view: 'clean', batch: 2 });
    expect(config.view).toEqual({
      name: 'clean',
      mode: 'paper',
      filters: { dropNoClass: true, dropNearDuplicates: true },
    });
    const set = loadTrainingSet(db, home, 'site', config.vocabulary ?? undefined, config.view?.name);
    const whole = loadTrainingSet(db, home, 'site', config.vocabulary ?? undefined);
    try {
      // the trainer's items are the view's training items, in order; the whole dataset has more
      expect(set.count).toBe(view.after.train_items);
      expect(set.captions.every((c) => c !== 'very nice')).toBe(true);
      const trainIds = db
        .prepare("SELECT id FROM items WHERE dataset_id = ? AND split = 'train' ORDER BY id")
        .pluck()
        .all(dataset.id) as number[];
      const expected = trainIds.filter((id) => itemIds.includes(id));
      const captionOf = db.prepare('SELECT caption FROM items WHERE id = ?').pluck();
      expect(set.captions).toEqual(expected.map((id) => captionOf.get(id)));
      expect(whole.count).toBeGreaterThan(set.count);
    } finally {
      set.cache.close();
      whole.cache.close();
    }

    const q = await engine.invoke('datasets:quality', { dataset: 'site', view: 'clean' });
    expect(q).toMatchObject({ view: 'clean', captions: 9, no_class: 0 });
    expect(q.near_duplicates).toMatchObject({ images: 3, groups: 0 });
    await expect(engine.invoke('datasets:quality', { dataset: 'site', view: 'nope' })).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});

const baseRequest = {
  dataset: 'site',
  objective: 'catlip' as const,
  model: 'vit-tiny' as const,
  backend: 'cpu' as const,
  steps: 2,
  allowSoftwareAdapter: false,
  seed: 0,
  weightDecay: 0.2,
  clipNorm: 1,
  tokenizerVocab: 300,
  recipe: 'objective' as const,
};
