import type { RunConfig } from '../../shared/training.js';
import { defaultCheckpointEvery, defaultWarmupSteps } from './run-config.js';

/** Steps timed before a minutes budget is turned into a step count; the first step (shader compilation) is not among them. */
export const CALIBRATION_STEPS = 5;

/**
 * Fixes a minutes-budget run's step count from its own measured step time: the steps already done plus as
 * many as fit in the time left. The LR schedule, warm-up and checkpoint interval follow the new count, so
 * cosine decay ends when the budget does. Warm-up only ever shrinks (it is already under way). Returns
 * the new config, or null when the run has no budget, is already planned, or has not been timed enough.
 */
export function planBudget(
  config: RunConfig,
  step: number,
  stepSeconds: readonly number[],
  elapsedSeconds: number,
): RunConfig | null {
  const budget = config.budget;
  if (!budget || budget.plannedAtStep !== null || stepSeconds.length < CALIBRATION_STEPS) return null;
  const recent = stepSeconds.slice(-CALIBRATION_STEPS);
  const perStep = recent.reduce((a, b) => a + b, 0) / recent.length;
  const remaining = Math.max(0, budget.minutes * 60 - elapsedSeconds);
  let steps = step + Math.floor(remaining / perStep);
  if (budget.maxSteps !== null) steps = Math.min(steps, budget.maxSteps);
  steps = Math.max(steps, step, 1);
  return {
    ...config,
    steps,
    warmupSteps: Math.min(config.warmupSteps, defaultWarmupSteps(steps)),
    checkpointEvery: Math.min(config.checkpointEvery, defaultCheckpointEvery(steps)),
    budget: { ...budget, plannedAtStep: step },
  };
}
