import * as tf from '../tfjs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../training/model/rng.js';
import { fitStandardisation, headOnStandardised, linearScores, standardise, trainLinearProbe } from './linear-probe.js';
import { classificationMetrics } from './metrics.js';
import { randomHead, type LinearHead } from './transfer-init.js';

const WIDTH = 16;
const CLASSES = 4;
/** Per-dimension scale and offset, orders of magnitude apart, as pooled ViT features are. */
const scale = Array.from({ length: WIDTH }, (_, d) => 10 ** ((d % 4) - 2));
const offset = Array.from({ length: WIDTH }, (_, d) => 5 * Math.sin(d));
const rng = new Rng(11);
const centres = Array.from({ length: CLASSES }, () => Array.from({ length: WIDTH }, () => (rng.next() < 0.5 ? -1.5 : 1.5)));

/** Gaussian clusters (unit noise around ±1.5 centres), then scaled and shifted per dimension. */
function sample(n: number, seed: number): { x: Float32Array; y: Int32Array } {
  const r = new Rng(seed);
  const x = new Float32Array(n * WIDTH);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % CLASSES;
    for (let d = 0; d < WIDTH; d++) x[i * WIDTH + d] = (centres[y[i]][d] + r.normal()) * scale[d] + offset[d];
  }
  return { x, y };
}

const train = sample(200, 1);
const test = sample(200, 2);
const names = ['a', 'b', 'c', 'd'];
const options = { steps: 200, lr: 1e-2, weightDecay: 0.1, batch: 1024, seed: 3 };

async function accuracy(head: LinearHead, raw: Float32Array, labels: Int32Array, s = fitStandardisation(train.x, WIDTH)): Promise<number> {
  return classificationMetrics(await linearScores(standardise(raw, s), head), labels, names).top1;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('linear probe', () => {
  it('standardises with the train statistics', () => {
    const s = fitStandardisation(train.x, WIDTH);
    const z = standardise(train.x, s);
    for (const d of [0, 5, 15]) {
      let sum = 0;
      let sq = 0;
      for (let i = 0; i < 200; i++) {
        sum += z[i * WIDTH + d];
        sq += z[i * WIDTH + d] ** 2;
      }
      expect(sum / 200).toBeCloseTo(0, 4);
      expect(sq / 200).toBeCloseTo(1, 3);
    }
  });

  it('reaches ≥ 0.9 test accuracy on separable clusters from a random head, deterministically', async () => {
    const s = fitStandardisation(train.x, WIDTH);
    const init = randomHead(WIDTH, CLASSES, 3);
    expect(await accuracy(init, test.x, test.y)).toBeLessThan(0.6);
    const head = await trainLinearProbe(standardise(train.x, s), train.y, init, options);
    expect(await accuracy(head, test.x, test.y)).toBeGreaterThanOrEqual(0.9);
    const again = await trainLinearProbe(standardise(train.x, s), train.y, init, options);
    expect(again.kernel).toEqual(head.kernel);
  });

  it('trains in seeded mini-batches when the set is larger than the batch', async () => {
    const s = fitStandardisation(train.x, WIDTH);
    const head = await trainLinearProbe(standardise(train.x, s), train.y, randomHead(WIDTH, CLASSES, 3), { ...options, batch: 32 });
    expect(await accuracy(head, test.x, test.y)).toBeGreaterThanOrEqual(0.9);
  });

  it('rewrites a raw-feature head to give identical logits on standardised features', async () => {
    const s = fitStandardisation(train.x, WIDTH);
    const raw = randomHead(WIDTH, CLASSES, 9);
    raw.bias.set([0.5, -1, 2, 0]);
    const onRaw = await linearScores(test.x, raw);
    const onStandardised = await linearScores(standardise(test.x, s), headOnStandardised(raw, s));
    onRaw.forEach((v, i) => expect(onStandardised[i]).toBeCloseTo(v, 3));
  });

  it('starts from the given head: a good raw-feature init is kept under a negligible budget, a random one stays poor', async () => {
    // diagonal-covariance LDA on raw features: w_c[d] = m_c[d] / v[d], b_c = -Σ m_c[d]² / (2 v[d])
    const good: LinearHead = { width: WIDTH, classes: CLASSES, kernel: new Float32Array(WIDTH * CLASSES), bias: new Float32Array(CLASSES) };
    for (let c = 0; c < CLASSES; c++) {
      for (let d = 0; d < WIDTH; d++) {
        const mean = centres[c][d] * scale[d] + offset[d];
        const variance = scale[d] ** 2;
        good.kernel[d * CLASSES + c] = mean / variance;
        good.bias[c] -= (mean * mean) / (2 * variance);
      }
    }
    const s = fitStandardisation(train.x, WIDTH);
    const tiny = { ...options, steps: 1, lr: 1e-9 };
    const fromGood = await trainLinearProbe(standardise(train.x, s), train.y, headOnStandardised(good, s), tiny);
    const fromRandom = await trainLinearProbe(standardise(train.x, s), train.y, randomHead(WIDTH, CLASSES, 3), tiny);
    expect(await accuracy(fromGood, test.x, test.y)).toBeGreaterThanOrEqual(0.9);
    expect(await accuracy(fromRandom, test.x, test.y)).toBeLessThan(0.6);
  });
});
