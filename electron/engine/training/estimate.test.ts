import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TrainingEstimateRequestSchema, TrainingEstimateSchema } from '../../shared/estimate.js';
import { seedDataset, seedRun, seedVocabulary } from '../cost/seeded-runs.fixture.js';
import { now, openDatabase } from '../store/database.js';
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

  it('grows attention cost with the square of the tokens', () => {
    const a = towerCost(64, 2, 2, 256, 16);
    const b = towerCost(64, 2, 2, 256, 32);
    expect(b.flops).toBeGreaterThan(2 * a.flops);
    expect(b.activationFloats).toBeGreaterThan(2 * a.activationFloats);
  });
});
