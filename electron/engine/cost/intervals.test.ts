import { describe, expect, it } from 'vitest';
import { Rng } from '../training/model/rng.js';
import { bootstrapAccuracyDifference, t95, tInterval, withinNoise } from './intervals.js';

/** `n` synthetic per-seed speed-ups around 1.8 with seed-to-seed noise (sd 0.1), drawn from a fixed stream. */
function seeds(n: number, stream = 11): number[] {
  const rng = new Rng(stream);
  return Array.from({ length: n }, () => {
    // Box-Muller: a normal draw from two uniforms
    const z = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    return 1.8 + 0.1 * z;
  });
}

describe('95% intervals', () => {
  it('over seeds: contain the mean, use the t quantile, and shrink with more seeds', () => {
    expect(tInterval([1.7])).toBeNull();
    const two = tInterval([1.7, 1.9])!;
    // mean 1.8, s = 0.1414, t(1) = 12.706: half-width 12.706 · 0.1414 / √2 = 1.2706
    expect(two.mean).toBeCloseTo(1.8, 12);
    expect(two.high - two.mean).toBeCloseTo(1.2706, 4);
    expect(two.method).toBe('t-over-seeds');
    let previous = Infinity;
    for (const n of [3, 5, 10, 30]) {
      const i = tInterval(seeds(n))!;
      expect(i.n).toBe(n);
      expect(i.low).toBeLessThan(i.mean);
      expect(i.high).toBeGreaterThan(i.mean);
      expect(i.high - i.low).toBeLessThan(previous);
      previous = i.high - i.low;
    }
    // 30 seeds of sd 0.1: the interval holds the true 1.8 and is about ±2.05·0.1/√30 wide
    const many = tInterval(seeds(30))!;
    expect(many.low).toBeLessThan(1.8);
    expect(many.high).toBeGreaterThan(1.8);
    expect(t95(60)).toBeCloseTo(2.0, 2);
  });

  it('over test images for one seed: deterministic, contains the difference, narrower with more images', () => {
    const small = bootstrapAccuracyDifference({ correct: 82, total: 100 }, { correct: 78, total: 100 }, 3);
    expect(bootstrapAccuracyDifference({ correct: 82, total: 100 }, { correct: 78, total: 100 }, 3)).toEqual(small);
    expect(small).toMatchObject({ n: 1, method: 'bootstrap-over-test-images' });
    expect(small.mean).toBeCloseTo(0.04, 12);
    expect(small.low).toBeLessThan(0.04);
    expect(small.high).toBeGreaterThan(0.04);
    // 100 images each: ±~11 points, so 4 points is within noise
    expect(withinNoise(small, 0)).toBe(true);
    const large = bootstrapAccuracyDifference({ correct: 8200, total: 10000 }, { correct: 7800, total: 10000 }, 3, 500);
    expect(large.high - large.low).toBeLessThan((small.high - small.low) / 5);
    expect(withinNoise(large, 0)).toBe(false);
  });
});
