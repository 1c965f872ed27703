import * as tf from '../../tfjs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  multiHot,
  sigmoidBinaryCrossEntropy,
  softTargetCrossEntropy,
  sparseToDense,
  symmetricInfoNce,
} from './losses.js';
import { Rng } from './rng.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const value = (t: tf.Tensor) => t.dataSync()[0];

/** Textbook (unstable) BCE in float64: -[y log s(x) + (1 - y) log(1 - s(x))], summed over classes, batch mean. */
function referenceBce(logits: number[][], targets: number[][]): number {
  let total = 0;
  logits.forEach((row, b) =>
    row.forEach((x, c) => {
      const s = 1 / (1 + Math.exp(-x));
      const y = targets[b][c];
      total -= y * Math.log(s) + (1 - y) * Math.log(1 - s);
    }),
  );
  return total / logits.length;
}

/** Cross-entropy of each row of m against its diagonal entry, averaged. */
function referenceDiagonalCe(m: number[][]): number {
  return m.reduce((sum, row, i) => sum + Math.log(row.reduce((s, x) => s + Math.exp(x), 0)) - row[i], 0) / m.length;
}

/**
 * Central differences of a scalar tf function at `x`, in float32 like the model. With eps = 1e-2
 * the truncation error is O(eps^2 f''') ~ 1e-5 and the rounding error ~ 1e-7 |f| / eps, so
 * 1e-3 absolute tolerance separates a right gradient from a wrong one.
 */
function finiteDifferenceGrad(f: (x: tf.Tensor2D) => tf.Scalar, x: number[][]): number[] {
  const flat = x.flat();
  const shape: [number, number] = [x.length, x[0].length];
  const eps = 1e-2;
  return flat.map((_, i) => {
    const plus = flat.slice();
    const minus = flat.slice();
    plus[i] += eps;
    minus[i] -= eps;
    return tf.tidy(() => (value(f(tf.tensor2d(plus, shape))) - value(f(tf.tensor2d(minus, shape)))) / (2 * eps));
  });
}

function autodiffGrad(f: (x: tf.Tensor2D) => tf.Scalar, x: number[][]): number[] {
  return tf.tidy(() =>
    Array.from(
      tf
        .grad((t: tf.Tensor) => f(t as tf.Tensor2D))(tf.tensor2d(x))
        .dataSync(),
    ),
  );
}

function randomMatrix(rows: number, cols: number, seed: number, scale = 2): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * rng.normal()));
}

describe('sigmoid BCE (CatLIP)', () => {
  it('matches the textbook formula, summed over classes and averaged over the batch', () => {
    const logits = [
      [0, 2, -1],
      [3, -3, 0.5],
    ];
    const targets = [
      [1, 0, 1],
      [0, 0, 1],
    ];
    const loss = tf.tidy(() => value(sigmoidBinaryCrossEntropy(tf.tensor2d(logits), tf.tensor2d(targets))));
    expect(referenceBce(logits, targets)).toBeCloseTo(3.852294, 5); // by hand: (4.133337 + 3.571251) / 2
    expect(loss).toBeCloseTo(referenceBce(logits, targets), 5);
  });

  it('stays exact for logits of ±100, where the textbook form gives Infinity/NaN', () => {
    const logits = [[100, -100, 100, -100]];
    const targets = [[1, 0, 0, 1]];
    const loss = tf.tidy(() => value(sigmoidBinaryCrossEntropy(tf.tensor2d(logits), tf.tensor2d(targets))));
    expect(loss).toBeCloseTo(200, 4); // two confident hits (0) + two confident misses (100 each)
    const grad = autodiffGrad((x) => sigmoidBinaryCrossEntropy(x, tf.tensor2d(targets)), logits);
    expect(grad.map((g) => Math.round(g * 1e6) / 1e6)).toEqual([0, 0, 1, -1]);
  });

  it('has gradient sigmoid(x) - y / B, matching finite differences', () => {
    const logits = randomMatrix(3, 5, 1);
    const targets = tf.tensor2d([
      [1, 0, 0, 1, 0],
      [0, 0, 0, 0, 0],
      [1, 1, 0, 0, 1],
    ]);
    const f = (x: tf.Tensor2D) => sigmoidBinaryCrossEntropy(x, targets);
    const ad = autodiffGrad(f, logits);
    const fd = finiteDifferenceGrad(f, logits);
    const y = targets.dataSync();
    ad.forEach((g, i) => {
      expect(g).toBeCloseTo((1 / (1 + Math.exp(-logits.flat()[i])) - y[i]) / 3, 5);
      expect(Math.abs(g - fd[i])).toBeLessThan(1e-3);
    });
  });
});

describe('symmetric InfoNCE (CLIP)', () => {
  it('averages the image->text and text->image cross-entropies against the diagonal', () => {
    const m = [
      [2, 0],
      [1, 3],
    ];
    // rows: log(1 + e^-2) twice; columns: log(1 + e^-1) and log(1 + e^-3).
    const byHand = ((2 * Math.log1p(Math.exp(-2))) / 2 + (Math.log1p(Math.exp(-1)) + Math.log1p(Math.exp(-3))) / 2) / 2;
    expect(byHand).toBeCloseTo(0.153926, 5);
    expect(tf.tidy(() => value(symmetricInfoNce(tf.tensor2d(m))))).toBeCloseTo(byHand, 5);
  });

  it('matches a float64 reference on a larger matrix, including its transpose term', () => {
    const m = randomMatrix(4, 4, 2);
    const transposed = m.map((_, i) => m.map((row) => row[i]));
    const expected = (referenceDiagonalCe(m) + referenceDiagonalCe(transposed)) / 2;
    expect(tf.tidy(() => value(symmetricInfoNce(tf.tensor2d(m))))).toBeCloseTo(expected, 5);
  });

  it('has gradients matching finite differences', () => {
    const m = randomMatrix(4, 4, 3);
    const ad = autodiffGrad(symmetricInfoNce, m);
    const fd = finiteDifferenceGrad(symmetricInfoNce, m);
    ad.forEach((g, i) => expect(Math.abs(g - fd[i])).toBeLessThan(1e-3));
    // Each term's gradient is softmax minus one-hot, so the whole gradient sums to zero.
    expect(Math.abs(ad.reduce((a, b) => a + b, 0))).toBeLessThan(1e-6);
  });

  it('rejects a non-square similarity matrix', () => {
    expect(() => tf.tidy(() => symmetricInfoNce(tf.zeros([2, 3]) as tf.Tensor2D))).toThrow(/square/);
  });
});

describe('soft-target cross-entropy (SuperClass)', () => {
  it('matches a hand-computed value', () => {
    // log-softmax([1, 2, 3]) = [-2.407606, -1.407606, -0.407606]; 0.5 * 2.407606 + 0.5 * 0.407606.
    const loss = tf.tidy(() => value(softTargetCrossEntropy(tf.tensor2d([[1, 2, 3]]), tf.tensor2d([[0.5, 0, 0.5]]))));
    expect(loss).toBeCloseTo(1.4076059, 5);
  });

  it('averages over the batch, an all-zero target row contributing 0', () => {
    const loss = tf.tidy(() =>
      value(
        softTargetCrossEntropy(
          tf.tensor2d([
            [1, 2, 3],
            [5, 5, 5],
          ]),
          tf.tensor2d([
            [0.5, 0, 0.5],
            [0, 0, 0],
          ]),
        ),
      ),
    );
    expect(loss).toBeCloseTo(1.4076059 / 2, 5);
  });

  it('has gradient softmax(x) * sum(t) - t over B, matching finite differences', () => {
    const logits = randomMatrix(2, 4, 4);
    const targets = tf.tensor2d([
      [0.25, 0.75, 0, 0],
      [0, 0, 0.6, 0.4],
    ]);
    const f = (x: tf.Tensor2D) => softTargetCrossEntropy(x, targets);
    const ad = autodiffGrad(f, logits);
    const fd = finiteDifferenceGrad(f, logits);
    ad.forEach((g, i) => expect(Math.abs(g - fd[i])).toBeLessThan(1e-3));
  });
});

describe('target builders', () => {
  it('multiHot collapses duplicates, leaves empty rows zero and rejects out-of-range classes', () => {
    const t = multiHot([[2, 0, 2], [], [3]], 4);
    expect(t.arraySync()).toEqual([
      [1, 0, 1, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 1],
    ]);
    t.dispose();
    expect(() => multiHot([[4]], 4)).toThrow(RangeError);
  });

  it('sparseToDense places values at (row, column) and handles no entries', () => {
    const t = sparseToDense(2, 3, { indices: Int32Array.from([0, 2, 1, 0]), values: Float32Array.from([0.5, 2]) });
    expect(t.arraySync()).toEqual([
      [0, 0, 0.5],
      [2, 0, 0],
    ]);
    const empty = sparseToDense(2, 2, { indices: new Int32Array(0), values: new Float32Array(0) });
    expect(empty.arraySync()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    tf.dispose([t, empty]);
  });
});
