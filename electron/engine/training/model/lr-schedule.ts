/**
 * CoreNet's cosine schedule with linear warm-up (the CatLIP recipe: 1e-6 -> 1e-3 over 10k steps,
 * then cosine down to 1e-5 at the last step).
 */
export interface LrSchedule {
  /** Peak LR, reached at the end of warm-up. */
  baseLr: number;
  /** LR at `totalSteps` (and after). */
  minLr: number;
  warmupSteps: number;
  /** LR at step 0 of the warm-up. */
  warmupStartLr: number;
  totalSteps: number;
}

/**
 * LR for a 0-based step: linear from warmupStartLr (step 0) to baseLr (step warmupSteps), then
 * minLr + (baseLr - minLr) * (1 + cos(pi * progress)) / 2 with progress going 0 -> 1 from the end
 * of warm-up to totalSteps, clamped at minLr afterwards.
 */
export function lrAt(step: number, s: LrSchedule): number {
  if (step < 0) throw new RangeError('step must be >= 0');
  if (step < s.warmupSteps) return s.warmupStartLr + ((s.baseLr - s.warmupStartLr) * step) / s.warmupSteps;
  const progress = Math.min(1, (step - s.warmupSteps) / Math.max(1, s.totalSteps - s.warmupSteps));
  return s.minLr + 0.5 * (s.baseLr - s.minLr) * (1 + Math.cos(Math.PI * progress));
}
