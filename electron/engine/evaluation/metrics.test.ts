import { describe, expect, it } from 'vitest';
import { classificationMetrics } from './metrics.js';

describe('classification metrics', () => {
  it('counts top-1, per-class accuracy and the confusion matrix; top-5 only from 5 classes', () => {
    // 3 classes, 4 items: rows are scores
    const scores = Float32Array.from([
      0.9,
      0.1,
      0.0, // true 0 → 0
      0.2,
      0.7,
      0.1, // true 1 → 1
      0.6,
      0.3,
      0.1, // true 1 → 0
      0.1,
      0.2,
      0.7, // true 2 → 2
    ]);
    const m = classificationMetrics(scores, [0, 1, 1, 2], ['a', 'b', 'c']);
    expect(m.top1).toBe(0.75);
    expect(m.top5).toBeNull();
    expect(m.perClass).toEqual({ a: 1, b: 0.5, c: 1 });
    expect(m.confusion).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);
  });

  it('ranks with ties to the lower class, never predicts -Infinity classes, and leaves out classes without items', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const row = (...v: number[]) => v;
    const scores = Float32Array.from([
      ...row(1, 1, 0, 0, 0, 0), // true 1: tie with a, a wins → wrong top-1, rank 1
      ...row(-Infinity, 0, 1, 2, 3, 4), // true 0 can never be predicted: rank 5 → not top-5
      ...row(5, 4, 3, 2, 1, 0), // true 4: rank 4 → top-5
    ]);
    const m = classificationMetrics(scores, [1, 0, 4], names);
    expect(m.top1).toBe(0);
    expect(m.top5).toBeCloseTo(2 / 3);
    expect(m.confusion[1][0]).toBe(1);
    expect(m.confusion[0][5]).toBe(1);
    expect(Object.keys(m.perClass)).toEqual(['a', 'b', 'e']);
  });
});
