import { describe, expect, it } from 'vitest';
import { useCocoTrainingHome } from './coco-training-home.fixture.js';
import type { TrainerMessage } from '../../shared/training.js';
import { CALIBRATION_STEPS } from './budget-plan.js';
import { getRun, runConfig } from './run-repository.js';
import { runTrainer } from './trainer.js';

// A minutes budget on the tiny model, in this process on the cpu backend.
const coco = useCocoTrainingHome('catlip-budget-');
const home = coco.home;

describe('minutes budget', () => {
  it('fixes the step count from the first timed steps and ends near the budget', async () => {
    // 0.05 min = 3 s; --steps caps the provisional plan so the test stays short on any machine
    const run = coco.engine.createRun({
      dataset: 'coco',
      objective: 'catlip',
      model: 'vit-tiny',
      batch: 8,
      backend: 'cpu',
      minutes: 0.05,
      steps: 400,
    });
    expect(runConfig(getRun(coco.engine.db, run)).budget).toEqual({
      minutes: 0.05,
      maxSteps: 400,
      plannedAtStep: null,
    });
    const messages: TrainerMessage[] = [];
    const status = await runTrainer(home, run, { send: (m) => messages.push(m), onCommand: () => {} });
    expect(status).toBe('completed');
    const config = runConfig(getRun(coco.engine.db, run));
    expect(config.budget?.plannedAtStep).toBe(CALIBRATION_STEPS + 1);
    const row = getRun(coco.engine.db, run);
    expect(row.steps_total).toBe(config.steps);
    expect(row.steps_done).toBe(config.steps);
    const steps = messages.filter((m) => m.type === 'step');
    // before the plan the provisional total, after it the planned one
    expect(steps.at(-1)).toMatchObject({ step: config.steps, steps: config.steps });
    // the budget, not the cap, decided: training time lands near 3 s (400 steps take far longer here)
    expect(config.steps).toBeLessThan(400);
    expect(row.data_seconds + row.compute_seconds).toBeGreaterThan(1.5);
    expect(row.data_seconds + row.compute_seconds).toBeLessThan(6);
    expect(config.warmupSteps).toBeLessThanOrEqual(Math.max(1, Math.round(config.steps * 0.1)));
  });
});
