import { describe, expect, it } from 'vitest';
import { Rng } from '../training/model/rng.js';
import { balanceTransferredHead, type LinearHead } from './transfer-init.js';

/**
 * Balancing a transferred head (transfer-init.ts): on 3 classes of 2-d features, a head whose rows carry
 * a large prior for class 0 (the frequent pre-training synset) and whose directions do or do not separate
 * the classes.
 */
const WIDTH = 2;
const CLASSES = 3;
const CENTRES = [
  [2, 0],
  [-1, 1.7],
  [-1, -1.7],
];

function sample(counts: number[], seed: number): { x: Float32Array; y: Int32Array } {
  const rng = new Rng(seed);
  const labels = counts.flatMap((k, c) => new Array<number>(k).fill(c));
  const x = new Float32Array(labels.length * WIDTH);
  labels.forEach((c, i) => {
    for (let d = 0; d < WIDTH; d++) x[i * WIDTH + d] = CENTRES[c][d] + 0.5 * rng.normal() + 3; // + 3: features are not centred
  });
  return { x, y: Int32Array.from(labels) };
}

/** kernel[d][c] = direction · centre_c[d]; bias 20 for class 0 (its prior), 0 elsewhere. */
function skewedHead(direction: number): LinearHead {
  const kernel = new Float32Array(WIDTH * CLASSES);
  for (let d = 0; d < WIDTH; d++)
    for (let c = 0; c < CLASSES; c++) kernel[d * CLASSES + c] = direction * 3 * CENTRES[c][d];
  return { width: WIDTH, classes: CLASSES, kernel, bias: Float32Array.from([20, 0, 0]) };
}

function meanProbabilities(head: LinearHead, x: Float32Array, n: number): number[] {
  const mean = new Array<number>(CLASSES).fill(0);
  for (let i = 0; i < n; i++) {
    const z = Array.from(
      { length: CLASSES },
      (_, c) => head.bias[c] + x[i * WIDTH] * head.kernel[c] + x[i * WIDTH + 1] * head.kernel[CLASSES + c],
    );
    const max = Math.max(...z);
    const e = z.map((v) => Math.exp(v - max));
    const sum = e.reduce((a, b) => a + b, 0);
    e.forEach((v, c) => (mean[c] += v / sum / n));
  }
  return mean;
}

function predictions(head: LinearHead, x: Float32Array, n: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const z = Array.from(
      { length: CLASSES },
      (_, c) => head.bias[c] + x[i * WIDTH] * head.kernel[c] + x[i * WIDTH + 1] * head.kernel[CLASSES + c],
    );
    return z.indexOf(Math.max(...z));
  });
}

describe('balancing a transferred head', () => {
  const train = sample([10, 20, 30], 1);
  const n = train.y.length;

  it('removes the prior: mean predicted probabilities equal the class frequencies, and the rows still separate', async () => {
    const raw = skewedHead(1);
    // as transferred, every item is class 0 (its prior)
    expect(predictions(raw, train.x, n).every((p) => p === 0)).toBe(true);
    const { head, balance } = await balanceTransferredHead(raw, train.x, train.y);
    meanProbabilities(head, train.x, n).forEach((p, c) => expect(p).toBeCloseTo([10, 20, 30][c] / 60, 6));
    const correct = predictions(head, train.x, n).filter((p, i) => p === train.y[i]).length;
    expect(correct / n).toBeGreaterThan(0.9);
    expect(balance.scale).toBeGreaterThan(0);
    expect(balance.scale).toBeLessThanOrEqual(1);
    expect(balance.train_loss).toBeLessThan(balance.frequencies_loss);
    // the kernel keeps the rows' directions: one common factor
    for (let k = 0; k < raw.kernel.length; k++) expect(head.kernel[k]).toBeCloseTo(raw.kernel[k] * balance.scale, 5);
  });

  it('shrinks rows that point the wrong way to nothing: no worse than the class frequencies', async () => {
    const { head, balance } = await balanceTransferredHead(skewedHead(-1), train.x, train.y);
    expect(balance.scale).toBe(0);
    expect(balance.train_loss).toBeCloseTo(balance.frequencies_loss, 9);
    expect(Array.from(head.kernel).every((w) => w === 0)).toBe(true);
    meanProbabilities(head, train.x, n).forEach((p, c) => expect(p).toBeCloseTo([10, 20, 30][c] / 60, 6));
  });
});
