import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../shared/training.js';
import { CALIBRATION_STEPS, planBudget } from './budget-plan.js';

const base: RunConfig = {
  dataset: 'd',
  objective: 'catlip',
  model: 'vit-tiny',
  imageSize: 32,
  patchSize: 8,
  steps: 1000,
  batch: 32,
  backend: 'cpu',
  allowSoftwareAdapter: false,
  seed: 0,
  vocabulary: 1,
  labelMode: 'paper',
  lr: 1e-3,
  minLr: 1e-5,
  warmupSteps: 100,
  weightDecay: 0.2,
  clipNorm: 1,
  emaMomentum: null,
  checkpointEvery: 200,
  tokenizerVocab: 2000,
  contextLength: 16,
  budget: { minutes: 1, maxSteps: null, plannedAtStep: null },
  device: null,
  recipe: null,
  view: null,
};
const timed = (s: number) => Array.from({ length: CALIBRATION_STEPS }, () => s);

describe('minutes budget plan', () => {
  it('fits the remaining time at the measured step time and shrinks warm-up and checkpoints with it', () => {
    // 60 s budget, 6 s spent, 0.5 s per step → 6 + 108 steps
    const planned = planBudget(base, 6, [2, ...timed(0.5)], 6)!;
    expect(planned.steps).toBe(114);
    expect(planned.warmupSteps).toBe(11);
    expect(planned.checkpointEvery).toBe(23);
    expect(planned.budget).toEqual({ minutes: 1, maxSteps: null, plannedAtStep: 6 });
  });

  it('never goes beyond --steps given with the budget, nor below the steps done', () => {
    expect(
      planBudget({ ...base, budget: { minutes: 60, maxSteps: 50, plannedAtStep: null } }, 6, timed(0.01), 1)!.steps,
    ).toBe(50);
    expect(planBudget(base, 6, timed(0.5), 120)!.steps).toBe(6);
  });

  it('waits for enough timed steps and plans once', () => {
    expect(planBudget(base, 3, timed(0.5).slice(1), 2)).toBeNull();
    expect(
      planBudget({ ...base, budget: { minutes: 1, maxSteps: null, plannedAtStep: 6 } }, 7, timed(0.5), 7),
    ).toBeNull();
    expect(planBudget({ ...base, budget: null }, 6, timed(0.5), 3)).toBeNull();
  });
});
