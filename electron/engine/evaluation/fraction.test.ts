import { describe, expect, it } from 'vitest';
import { holdOut, stratifiedSubset } from './fraction.js';

// class 0: 100 items, class 1: 10, class 2: 1, interleaved
const labels = Int32Array.from(
  [...Array(100).fill(0), ...Array(10).fill(1), 2].map((_, i, a) => a[(i * 38) % a.length]),
);

function perClass(subset: Int32Array): number[] {
  const counts = [0, 0, 0];
  for (const i of subset) counts[labels[i]]++;
  return counts;
}

describe('stratified fraction of the train split', () => {
  it('takes round(n × F) of each class, at least one', () => {
    expect(perClass(stratifiedSubset(labels, 0.1, 0))).toEqual([10, 1, 1]);
    expect(perClass(stratifiedSubset(labels, 0.01, 0))).toEqual([1, 1, 1]);
    expect(perClass(stratifiedSubset(labels, 0.5, 0))).toEqual([50, 5, 1]);
  });

  it('is the whole split at 1 and sorted, distinct indices otherwise', () => {
    expect(Array.from(stratifiedSubset(labels, 1, 5))).toEqual(Array.from(labels.keys()));
    const s = Array.from(stratifiedSubset(labels, 0.3, 5));
    expect(s).toEqual([...new Set(s)].sort((a, b) => a - b));
  });

  it('is a function of the seed, and nested across fractions for one seed', () => {
    expect(stratifiedSubset(labels, 0.1, 4)).toEqual(stratifiedSubset(labels, 0.1, 4));
    expect(stratifiedSubset(labels, 0.1, 4)).not.toEqual(stratifiedSubset(labels, 0.1, 5));
    const small = stratifiedSubset(labels, 0.05, 4);
    const large = new Set(stratifiedSubset(labels, 0.2, 4));
    expect([...small].every((i) => large.has(i))).toBe(true);
  });

  it('refuses fractions outside (0, 1]', () => {
    expect(() => stratifiedSubset(labels, 0, 0)).toThrow(/fraction/);
    expect(() => stratifiedSubset(labels, 1.5, 0)).toThrow(/fraction/);
  });
});

describe('holdOut', () => {
  it('holds out a seeded share of each class, keeping at least one item per class to train on', () => {
    // class 0: 10 items, class 1: 2, class 2: 1
    const labels = [...new Array<number>(10).fill(0), 1, 1, 2];
    const { kept, held } = holdOut(labels, 0.2, 5);
    expect(held.length).toBe(3); // 2 of class 0, 1 of class 1, none of class 2
    expect([...held].map((i) => labels[i]).sort()).toEqual([0, 0, 1]);
    expect([...kept, ...held].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    expect(holdOut(labels, 0.2, 5)).toEqual({ kept, held });
    expect(holdOut(labels, 0.2, 6).held).not.toEqual(held);
    expect(holdOut([0, 1, 2], 0.2, 5).held.length).toBe(0);
  });
});
