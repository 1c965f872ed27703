import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from './objectives.js';
import { AdamW } from './optimizer.js';
import { Rng } from './rng.js';
import { SYNTHETIC_CLASSES, syntheticPairs } from './synthetic-pairs.js';
import { trainStep } from './train-step.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Micro-averaged F1 of sigmoid > 0.5 (logit > 0) predictions against the label sets. */
function labelF1(logits: ArrayLike<number>, labels: number[][], classes: number): number {
  let [tp, fp, fn] = [0, 0, 0];
  labels.forEach((row, i) => {
    for (let c = 0; c < classes; c++) {
      const predicted = logits[i * classes + c] > 0;
      const actual = row.includes(c);
      if (predicted && actual) tp++;
      else if (predicted) fp++;
      else if (actual) fn++;
    }
  });
  return (2 * tp) / (2 * tp + fp + fn);
}

describe('CatLIP end to end (cpu backend)', () => {
  it('fits 64 images with 64 distinct multi-hot targets over 16 classes to label F1 >= 0.9', async () => {
    const data = syntheticPairs(64, 32, 11);
    // Width 32, one block, mean pooling: the smallest ViT that learns this within the CPU budget
    // (a CLS token at init 0.02 takes about twice the steps to pick up image content).
    const model = createModel({
      objective: 'catlip',
      encoder: { imageSize: 32, patchSize: 8, width: 32, depth: 1, heads: 2, mlpRatio: 2, pool: 'mean' },
      numClasses: SYNTHETIC_CLASSES,
      seed: 1,
    });
    const opt = new AdamW(model.variables, { schedule: { baseLr: 2e-2, minLr: 2e-2, warmupSteps: 0, warmupStartLr: 2e-2, totalSteps: 1 } });
    const images = tf.tensor4d(data.images, [64, 32, 32, 3]);
    const rng = new Rng(2);
    const order = Array.from({ length: 64 }, (_, i) => i);
    const batchSize = 16;
    const f1At = () => tf.tidy(() => labelF1(model.logits(images).dataSync(), data.labels, SYNTHETIC_CLASSES));
    const initialF1 = f1At();
    let f1 = initialF1;
    let steps = 0;
    while (f1 < 0.9 && steps < 120) {
      const start = (steps * batchSize) % 64;
      if (start === 0) shuffle(order, rng);
      const picked = order.slice(start, start + batchSize);
      const batch = tf.gather(images, picked) as tf.Tensor4D;
      await trainStep(model, { images: batch, labels: picked.map((i) => data.labels[i]) }, opt, steps);
      batch.dispose();
      steps++;
      if (steps % 8 === 0) f1 = f1At();
    }
    expect(initialF1).toBeLessThan(0.3);
    expect(f1).toBeGreaterThanOrEqual(0.9);
    images.dispose();
    opt.dispose();
    model.dispose();
  });
});

function shuffle(a: number[], rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
}
