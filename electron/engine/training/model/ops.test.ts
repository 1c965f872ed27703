import * as tf from '../../tfjs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  activate,
  causalMask,
  dense,
  gatherRows,
  l2Normalize,
  layerNorm,
  LAYER_NORM_EPSILON,
  repeatBatch,
  selfAttention,
} from './ops.js';
import { Rng } from './rng.js';
import { patchify } from './vit.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function randomArray(n: number, seed: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => rng.normal());
}

/** Plain-loop multi-head attention in float64, the layout documented on selfAttention. */
function referenceAttention(
  x: number[],
  [b, n, d]: number[],
  heads: number,
  wqkv: number[],
  bqkv: number[],
  wout: number[],
  bout: number[],
  causal: boolean,
): number[] {
  const hd = d / heads;
  const at = (bi: number, i: number, k: number) => x[(bi * n + i) * d + k];
  const out: number[] = [];
  for (let bi = 0; bi < b; bi++) {
    const qkv = Array.from({ length: n }, (_, i) =>
      Array.from(
        { length: 3 * d },
        (_, j) =>
          bqkv[j] + Array.from({ length: d }, (_, k) => at(bi, i, k) * wqkv[k * 3 * d + j]).reduce((s, v) => s + v, 0),
      ),
    );
    const merged = Array.from({ length: n }, () => new Array<number>(d).fill(0));
    for (let h = 0; h < heads; h++) {
      for (let i = 0; i < n; i++) {
        const scores = Array.from({ length: n }, (_, j) => {
          if (causal && j > i) return -Infinity;
          let s = 0;
          for (let e = 0; e < hd; e++) s += qkv[i][h * hd + e] * qkv[j][d + h * hd + e];
          return s / Math.sqrt(hd);
        });
        const max = Math.max(...scores);
        const weights = scores.map((s) => Math.exp(s - max));
        const total = weights.reduce((s, v) => s + v, 0);
        for (let e = 0; e < hd; e++) {
          merged[i][h * hd + e] = weights.reduce((s, w, j) => s + (w / total) * qkv[j][2 * d + h * hd + e], 0);
        }
      }
    }
    for (let i = 0; i < n; i++)
      for (let j = 0; j < d; j++) out.push(bout[j] + merged[i].reduce((s, v, k) => s + v * wout[k * d + j], 0));
  }
  return out;
}

describe('selfAttention', () => {
  const [b, n, d, heads] = [2, 3, 4, 2];
  const x = randomArray(b * n * d, 1);
  const wqkv = randomArray(d * 3 * d, 2);
  const bqkv = randomArray(3 * d, 3);
  const wout = randomArray(d * d, 4);
  const bout = randomArray(d, 5);
  const run = (mask?: tf.Tensor2D) =>
    tf.tidy(() =>
      Array.from(
        selfAttention(
          tf.tensor3d(x, [b, n, d]),
          heads,
          tf.tensor2d(wqkv, [d, 3 * d]),
          tf.tensor1d(bqkv),
          tf.tensor2d(wout, [d, d]),
          tf.tensor1d(bout),
          mask,
        ).dataSync(),
      ),
    );

  it('matches a loop implementation (q/k/v column blocks, heads contiguous)', () => {
    const expected = referenceAttention(x, [b, n, d], heads, wqkv, bqkv, wout, bout, false);
    run().forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
  });

  it('with a causal mask, position i attends only to positions <= i', () => {
    const mask = causalMask(n);
    const expected = referenceAttention(x, [b, n, d], heads, wqkv, bqkv, wout, bout, true);
    run(mask).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
    expect(mask.arraySync()).toEqual([
      [0, -1e9, -1e9],
      [0, 0, -1e9],
      [0, 0, 0],
    ]);
    mask.dispose();
  });
});

describe('layerNorm, dense, activations', () => {
  it('layerNorm normalises each row then applies gamma and beta', () => {
    const row = [1, 2, 3, 6];
    const mean = 3;
    const variance = (4 + 1 + 0 + 9) / 4;
    const expected = row.map(
      (v, i) => ((v - mean) / Math.sqrt(variance + LAYER_NORM_EPSILON)) * [1, 2, 0.5, -1][i] + [0, 1, 0, -1][i],
    );
    const out = tf.tidy(() =>
      Array.from(layerNorm(tf.tensor2d([row]), tf.tensor1d([1, 2, 0.5, -1]), tf.tensor1d([0, 1, 0, -1])).dataSync()),
    );
    out.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });

  it('dense works on rank-3 input and keeps the leading axes', () => {
    const out = tf.tidy(() => dense(tf.ones([2, 3, 4]), tf.fill([4, 5], 0.5), tf.fill([5], 1)));
    expect(out.shape).toEqual([2, 3, 5]);
    expect(new Set(out.dataSync())).toEqual(new Set([3]));
    out.dispose();
  });

  it('GELU is the exact erf form and ReLU clips negatives', () => {
    const gelu = tf.tidy(() => Array.from(activate(tf.tensor1d([-1, 0, 1, 3]), 'gelu').dataSync()));
    // x * Phi(x): Phi(1) = 0.8413447, Phi(3) = 0.9986501.
    [-0.1586553, 0, 0.8413447, 2.9959503].forEach((v, i) => expect(gelu[i]).toBeCloseTo(v, 5));
    expect(tf.tidy(() => Array.from(activate(tf.tensor1d([-1, 2]), 'relu').dataSync()))).toEqual([0, 2]);
  });

  it('l2Normalize gives unit rows', () => {
    const [row] = tf.tidy(() => l2Normalize(tf.tensor2d([[3, 4]])).arraySync());
    expect(row[0]).toBeCloseTo(0.6, 6);
    expect(row[1]).toBeCloseTo(0.8, 6);
  });
});

describe('gatherRows', () => {
  it('gathers rows and scatter-adds the gradient, duplicates summed, like tf.gather', () => {
    const table = tf.tensor2d(randomArray(5 * 3, 6), [5, 3]);
    const indices = tf.tensor1d([4, 1, 4, 0], 'int32');
    const upstream = tf.tensor2d(randomArray(4 * 3, 7), [4, 3]);
    const ours = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gatherRows(t as tf.Tensor2D, indices), upstream)));
    const reference = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, indices), upstream)));
    expect(gatherRows(table, indices).arraySync()).toEqual(tf.gather(table, indices).arraySync());
    const a = ours(table).arraySync() as number[][];
    const r = reference(table).arraySync() as number[][];
    a.flat().forEach((v, i) => expect(v).toBeCloseTo(r.flat()[i], 6));
    expect(a[2]).toEqual([0, 0, 0]); // row 2 never gathered
  });
});

describe('patchify', () => {
  it('cuts non-overlapping patches in row-major grid order, each flattened (row, column, channel)', () => {
    const size = 4;
    const values = Array.from({ length: size * size * 3 }, (_, i) => i);
    const patches = tf.tidy(() => patchify(tf.tensor4d(values, [1, size, size, 3]), 2).arraySync()[0]);
    expect(patches.length).toBe(4);
    const pixel = (y: number, x: number) => [0, 1, 2].map((c) => (y * size + x) * 3 + c);
    // Patch 1 is the top-right 2x2 block: pixels (0,2), (0,3), (1,2), (1,3).
    expect(patches[1]).toEqual([...pixel(0, 2), ...pixel(0, 3), ...pixel(1, 2), ...pixel(1, 3)]);
    expect(patches[2]).toEqual([...pixel(2, 0), ...pixel(2, 1), ...pixel(3, 0), ...pixel(3, 1)]);
  });
});

describe('repeatBatch', () => {
  it('repeats along a new leading axis and its gradient is the sum over the batch, as tf.tile gives', () => {
    const t = tf.tensor2d(randomArray(6, 3), [2, 3]);
    const w = tf.tensor3d(randomArray(4 * 6, 4), [4, 2, 3]);
    const viaTile = (x: tf.Tensor) => tf.tile(tf.reshape(x, [1, 2, 3]), [4, 1, 1]);
    expect(repeatBatch(t, 4).shape).toEqual([4, 2, 3]);
    expect(Array.from(repeatBatch(t, 4).dataSync())).toEqual(Array.from(viaTile(t).dataSync()));
    const grad = (f: (x: tf.Tensor) => tf.Tensor) => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(f(x), w)))(t);
    const [ours, reference] = [grad((x) => repeatBatch(x, 4)), grad(viaTile)];
    expect(ours.shape).toEqual([2, 3]);
    const [a, b] = [ours.dataSync(), reference.dataSync()];
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 5));
  });
});
