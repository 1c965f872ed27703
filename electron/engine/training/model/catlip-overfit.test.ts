import * as tf from '../../tfjs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from './objectives.js';
import { AdamW } from './optimizer.js';
import { Rng } from './rng.js';
import { fitUntil, SYNTHETIC_CLASSES, syntheticPairs } from './synthetic-pairs.js';
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
    const opt = new AdamW(model.variables, {
      schedule: { baseLr: 2e-2, minLr: 2e-2, warmupSteps: 0, warmupStartLr: 2e-2, totalSteps: 1 },
    });
    const images = tf.tensor4d(data.images, [64, 32, 32, 3]);
    const rng = new Rng(2);
    const batchSize = 16;
    const f1At = () => tf.tidy(() => labelF1(model.logits(images).dataSync(), data.labels, SYNTHETIC_CLASSES));
    const fit = await fitUntil({
      count: 64,
      batchSize,
      rng,
      target: 0.9,
      maxSteps: 120,
      checkEvery: 8,
      score: f1At,
      step: async (picked, step) => {
        const batch = tf.gather(images, picked) as tf.Tensor4D;
        await trainStep(model, { images: batch, labels: picked.map((i) => data.labels[i]) }, opt, step);
        batch.dispose();
      },
    });
    expect(fit.initial).toBeLessThan(0.3);
    expect(fit.final).toBeGreaterThanOrEqual(0.9);
    images.dispose();
    opt.dispose();
    model.dispose();
  });
});
