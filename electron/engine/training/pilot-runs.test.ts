import { describe, expect, it } from 'vitest';
import { useCocoTrainingHome } from './coco-training-home.fixture.js';
import { getRun, runConfig } from './run-repository.js';
import { runTrainer } from './trainer.js';

// What a pilot's runs store and enforce: each objective's recipe, and the device pinned by its first run.
const coco = useCocoTrainingHome('catlip-pilot-runs-');
const BASE = { dataset: 'coco', model: 'vit-tiny' as const, batch: 8, steps: 2, backend: 'cpu' as const };

describe("a pilot's runs", () => {
  it("store each objective's recipe, or CatLIP's for both with recipe 'matched'", () => {
    const config = (objective: 'catlip' | 'clip', recipe?: 'objective' | 'matched') =>
      runConfig(
        getRun(coco.engine.db, coco.engine.createRun({ ...BASE, objective, ...(recipe ? { recipe } : {}), lr: 2e-3 })),
      );
    const clip = config('clip');
    expect(clip.recipe).toMatchObject({
      mode: 'objective',
      name: 'clip',
      cropScale: [0.9, 1],
      flipProbability: 0,
      beta2: 0.98,
      epsilon: 1e-6,
    });
    expect(clip.minLr).toBeCloseTo(2e-6, 15);
    const catlip = config('catlip');
    // 32 px images: CatLIP's crop range scaled to the pilot
    expect(catlip.recipe).toMatchObject({
      mode: 'objective',
      name: 'catlip',
      cropScale: [0.35, 1],
      beta2: 0.999,
      epsilon: 1e-8,
    });
    expect(catlip.minLr).toBeCloseTo(2e-5, 15);
    const matched = config('clip', 'matched');
    expect(matched.recipe).toEqual({ ...catlip.recipe, mode: 'matched' });
    expect(matched.minLr).toBeCloseTo(catlip.minLr, 15);
  });

  it('refuse a pinned device without its backend, and fail with the reason when the pinned device is not available', async () => {
    expect(() =>
      coco.engine.createRun({ ...BASE, objective: 'catlip', backend: 'auto', device: 'nvidia: NVIDIA H200' }),
    ).toThrow(/needs the backend that device was found on/);
    const run = coco.engine.createRun({ ...BASE, objective: 'catlip', device: 'nvidia: NVIDIA H200' });
    expect(runConfig(getRun(coco.engine.db, run)).device).toBe('nvidia: NVIDIA H200');
    await expect(runTrainer(coco.home, run, { send: () => {}, onCommand: () => {} })).rejects.toThrow(
      /pinned to its pilot's device \(cpu on "nvidia: NVIDIA H200"\), which is not available now: this machine offers cpu on ".*tfjs cpu backend\)"/,
    );
    const row = getRun(coco.engine.db, run);
    expect(row.status).toBe('failed');
    expect(row.steps_done).toBe(0);
  });
});
