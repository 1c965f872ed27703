import type { Interval } from '../../shared/cost.js';
import { Rng } from '../training/model/rng.js';

/**
 * How sure a pilot is: 95% intervals for its speed-up and accuracy differences. With R ≥ 2 seeds per
 * objective, a Student-t interval over the per-seed values (the seed-to-seed spread is the noise that
 * matters: initialisation, data order, augmentation). With one seed, accuracy still gets a percentile
 * bootstrap over the test images (each run's correct / wrong images resampled, seeded, so the same data
 * always gives the same interval); a single seed's speed-up gets none.
 */

/** Two-sided 95% Student-t quantiles for 1..30 degrees of freedom. */
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function t95(df: number): number {
  // beyond the table, 1.96 + 2.5/df is within 0.002 of the quantile
  return df <= T95.length ? T95[df - 1] : 1.96 + 2.5 / df;
}

/** Mean ± t·s/√n over seeds; null with fewer than two values. */
export function tInterval(values: readonly number[]): Interval | null {
  const n = values.length;
  if (n < 2) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  const half = t95(n - 1) * Math.sqrt(variance / n);
  return { mean, low: mean - half, high: mean + half, n, method: 't-over-seeds' };
}

export interface TestScore {
  correct: number;
  total: number;
}

/**
 * Accuracy of `a` minus accuracy of `b` on their test images, with the 2.5th and 97.5th percentiles of
 * `resamples` bootstrap resamples (each run's images drawn with replacement; the stored results hold counts,
 * not which image was right, so the two runs are resampled independently, which if anything widens it).
 */
export function bootstrapAccuracyDifference(a: TestScore, b: TestScore, seed = 0, resamples = 2000): Interval {
  const rng = new Rng(seed);
  const draw = (s: TestScore) => {
    const p = s.correct / s.total;
    let hits = 0;
    for (let i = 0; i < s.total; i++) if (rng.next() < p) hits++;
    return hits / s.total;
  };
  const diffs = Float64Array.from({ length: resamples }, () => draw(a) - draw(b)).sort();
  const at = (q: number) => diffs[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))];
  return {
    mean: a.correct / a.total - b.correct / b.total,
    low: at(0.025),
    high: at(0.975),
    n: 1,
    method: 'bootstrap-over-test-images',
  };
}

/** True when the interval includes `none` (0 for a difference, 1 for a ratio): the effect is within noise. */
export function withinNoise(interval: Interval, none: number): boolean {
  return interval.low <= none && none <= interval.high;
}
