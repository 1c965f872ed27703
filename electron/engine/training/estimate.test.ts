import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TrainingEstimateRequestSchema, TrainingEstimateSchema } from '../../shared/estimate.js';
import { seedCaptionItems, seedDataset, seedRun, seedVocabulary } from '../cost/seeded-runs.fixture.js';
import { createView } from '../datasets/dataset-views.js';
import { now, openDatabase } from '../store/database.js';
import { runCommand } from '../../../test/cli/command-runner.fixture.js';
import { Engine } from '../api/engine.js';
import { trainCommand } from '../cli/commands/train.js';
import { estimateTraining } from './estimate.js';
import { towerCost } from './training-memory.js';
import { createModel } from './model/objectives.js';
import { vitPreset } from './model/model-presets.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-estimate-'));
const db = openDatabase(home);
afterAll(() => {
  db.close();
  rmSync(home, { recursive: true, force: true });
});
const datasetId = seedDataset(db, 'web');
const request = (over: object) =>
  TrainingEstimateRequestSchema.parse({ dataset: 'web', model: 'vit-tiny', batch: 16, ...over });

function addMetrics(run: number, ms: number[]) {
  const insert =
    db.prepare(`INSERT INTO run_metrics (run_id, step, loss, lr, images_per_second, data_ms, compute_ms, memory_mb, recorded_at)
      VALUES (?, ?, 1, 0.001, NULL, ?, ?, NULL, ?)`);
  ms.forEach((m, i) => insert.run(run, i + 1, 10, m - 10, now()));
}

describe('training estimate', () => {
  it('counts parameters exactly as the model has them and says time is not measured on a new machine', () => {
    const est = TrainingEstimateSchema.parse(estimateTraining(db, request({ objectives: ['catlip', 'clip'] })));
    expect(est.vocabulary_size).toBeNull();
    expect(est.notes.join(' ')).toMatch(/estimated with 1000 synsets/);
    const model = createModel({ objective: 'catlip', encoder: vitPreset('vit-tiny'), numClasses: 1000, seed: 0 });
    const catlip = est.objectives.find((o) => o.objective === 'catlip')!;
    expect(catlip.parameters).toBe(model.variables.entries().reduce((s, [, v]) => s + v.size, 0));
    model.dispose();
    const clip = est.objectives.find((o) => o.objective === 'clip')!;
    expect(clip.encoder_parameters).toBe(catlip.encoder_parameters);
    expect(clip.flops_per_image).toBeGreaterThan(catlip.flops_per_image);
    expect(catlip.seconds_per_step).toBeNull();
    expect(catlip.basis).toMatch(/not measured yet/);
    expect(catlip.memory_mb.total).toBeCloseTo(
      catlip.memory_mb.weights_and_optimizer + catlip.memory_mb.activations,
      0,
    );
  });

  it('takes time per step from the median of an earlier run of the model, scaled to the batch', () => {
    const vocabulary = seedVocabulary(db, datasetId, [
      [2084071, 'dog.n.01', 5],
      [3359137, 'frisbee.n.01', 3],
    ]);
    const run = seedRun(db, {
      datasetId,
      objective: 'catlip',
      model: 'vit-tiny',
      imageSize: 32,
      patchSize: 8,
      batch: 8,
      steps: 6,
      device: 'Test GPU',
      backend: 'webgpu',
    });
    addMetrics(run, [900, 100, 120, 110, 400, 105]); // the first step (compilation) is left out
    const est = estimateTraining(db, request({ objectives: ['catlip'], minutes: 1, steps: 100, vocabulary }));
    const catlip = est.objectives[0]!;
    expect(est.vocabulary_size).toBe(2);
    expect(catlip.seconds_per_step).toBeCloseTo(0.11 * 2, 6); // median 110 ms at batch 8, × 16/8
    expect(catlip.basis).toMatch(new RegExp(`run #${run} \\(webgpu, Test GPU\\).*scaled from batch 8 to 16`));
    expect(catlip.steps_for_minutes).toBe(Math.floor(60 / 0.22));
    expect(catlip.minutes_for_steps).toBeCloseTo((100 * 0.22) / 60, 6);
    // another backend asked for explicitly: that run does not count
    expect(
      estimateTraining(db, request({ objectives: ['catlip'], backend: 'cpu' })).objectives[0]!.seconds_per_step,
    ).toBeNull();
    expect(() => estimateTraining(db, request({ vocabulary: 999 }))).toThrow(
      /vocabulary 999 is not a vocabulary of "web"/,
    );
  });

  it('refuses a CatLIP estimate on a vocabulary with no classes as starting the run does (not a crash)', () => {
    const empty = seedVocabulary(db, datasetId, []);
    let caught: unknown;
    try {
      estimateTraining(db, request({ objectives: ['catlip', 'clip'], vocabulary: empty }));
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: 'invalid-request', note: { id: 'train.vocabEmpty' } });
    expect((caught as Error).message).toMatch(new RegExp(`vocabulary ${empty} of "web" is empty`));
    // CLIP alone needs no vocabulary
    expect(estimateTraining(db, request({ objectives: ['clip'], vocabulary: empty })).objectives).toHaveLength(1);
  });

  it('plans on a dataset view: a view keeping half the training items halves the time of an epoch', async () => {
    const site = seedDataset(db, 'site');
    // 20 long captions and 20 short ones; the view keeps the long ones
    seedCaptionItems(db, site, [
      ...Array.from({ length: 20 }, (_, i) => `a brown dog runs across the park with a red frisbee ${i}`),
      ...Array.from({ length: 20 }, (_, i) => `dog ${i}`),
    ]);
    await createView(
      db,
      home,
      {
        dataset: 'site',
        name: 'long',
        mode: 'paper',
        filters: { dropNoClass: false, dropNearDuplicates: false, minLength: 20 },
      },
      true,
    );
    const run = seedRun(db, {
      datasetId: site,
      objective: 'catlip',
      model: 'vit-tiny',
      imageSize: 32,
      patchSize: 8,
      batch: 4,
      steps: 4,
      device: 'Test GPU',
      backend: 'webgpu',
    });
    addMetrics(run, [500, 200, 200, 200]); // 0.2 s a step at batch 4
    const plan = (over: object) =>
      TrainingEstimateSchema.parse(
        estimateTraining(db, request({ dataset: 'site', objectives: ['catlip'], batch: 4, ...over })),
      );
    const whole = plan({ epochs: 1 });
    const view = plan({ epochs: 1, view: 'long' });
    expect(whole.data).toEqual({
      view: null,
      items: 40,
      images: 40,
      train_items: 40,
      steps_per_epoch: 10,
      planned_steps: 10,
      epochs: 1,
    });
    expect(view.data).toEqual({
      view: 'long',
      items: 20,
      images: 20,
      train_items: 20,
      steps_per_epoch: 5,
      planned_steps: 5,
      epochs: 1,
    });
    expect(whole.objectives[0]!.minutes_per_epoch).toBeCloseTo((10 * 0.2) / 60, 6);
    expect(view.objectives[0]!.minutes_per_epoch).toBeCloseTo((5 * 0.2) / 60, 6);
    expect(view.objectives[0]!.minutes_for_steps).toBeCloseTo((5 * 0.2) / 60, 6);
    // the same steps are twice as many passes over the view's items
    expect(plan({ steps: 20 }).data.epochs).toBe(2);
    expect(plan({ steps: 20, view: 'long' }).data.epochs).toBe(4);
    expect(plan({ minutes: 1, view: 'long' }).data.planned_steps).toBeNull();
    expect(() => plan({ view: 'missing' })).toThrow(/dataset "site" has no view "missing" \(its views: long\)/);
    expect(() => plan({ steps: 5, epochs: 1 })).toThrow(/steps or epochs, not both/);

    // `train --estimate` asks the same, and trains nothing
    const engine = new Engine(home);
    try {
      const printed = await runCommand(engine, home, trainCommand, [], {
        dataset: 'site',
        view: 'long',
        objective: 'catlip',
        model: 'vit-tiny',
        batch: '4',
        backend: 'auto',
        recipe: 'objective',
        estimate: true,
      });
      expect(printed).toContain(
        'site (view long): 20 training items of 20 (20 images); batch 4: 5 steps per pass; 5 steps ≈ 1.00 passes',
      );
      expect(printed).toMatch(
        /catlip \(vit-tiny, 32 px\): .*0\.2 s per step \(measured on run #\d+.*; one pass 1\.0 s; the planned steps 1\.0 s/,
      );
      expect(engine.db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(2); // the two seeded runs only
    } finally {
      engine.close();
    }
  });

  it('grows attention cost with the square of the tokens', () => {
    const a = towerCost(64, 2, 2, 256, 16);
    const b = towerCost(64, 2, 2, 256, 32);
    expect(b.flops).toBeGreaterThan(2 * a.flops);
    expect(b.activationFloats).toBeGreaterThan(2 * a.activationFloats);
  });
});
