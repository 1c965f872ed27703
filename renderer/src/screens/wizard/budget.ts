import type { TrainRequestInput } from '../../api/contract.ts';

/** Each run trains for a number of steps, or for about a number of minutes (the trainer then fixes the steps). */
export type BudgetKind = 'steps' | 'minutes';

export const LIMITS = {
  steps: [1, 1_000_000],
  minutes: [1, 100_000],
  batch: [2, 65_536],
  seed: [0, 2 ** 31 - 1],
  repeats: [1, 10],
} as const;

export const inRange = (v: number, [min, max]: readonly [number, number]) =>
  Number.isInteger(v) && v >= min && v <= max;

/** The budget part of every run's request: `steps` or `minutes`, never both (with both, steps would cap the minutes). */
export function budgetFields(
  kind: BudgetKind,
  steps: number,
  minutes: number,
): Pick<TrainRequestInput, 'steps' | 'minutes'> {
  return kind === 'steps' ? { steps } : { minutes };
}
