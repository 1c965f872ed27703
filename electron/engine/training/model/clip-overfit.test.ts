import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from './objectives.js';
import { AdamW } from './optimizer.js';
import { Rng } from './rng.js';
import { syntheticPairs } from './synthetic-pairs.js';
import { trainTokenizer } from './tokenizer.js';
import { trainStep } from './train-step.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('CLIP end to end (cpu backend)', () => {
  it('fits 64 images with 64 distinct short captions to image->text top-1 >= 0.9', async () => {
    const data = syntheticPairs(64, 32, 12);
    const tokenizer = trainTokenizer(data.captions, 128);
    const tokens = data.captions.map((c) => tokenizer.encode(c, 6));
    expect(new Set(data.captions).size).toBe(64);
    const model = createModel({
      objective: 'clip',
      encoder: { imageSize: 32, patchSize: 8, width: 32, depth: 1, heads: 2, mlpRatio: 2, pool: 'mean' },
      text: { vocabSize: tokenizer.vocabSize, contextLength: 6, width: 32, depth: 1, heads: 2, mlpRatio: 2, embedDim: 32 },
      seed: 1,
    });
    const opt = new AdamW(model.variables, { schedule: { baseLr: 5e-3, minLr: 5e-3, warmupSteps: 0, warmupStartLr: 5e-3, totalSteps: 1 }, beta2: 0.98 });
    const images = tf.tensor4d(data.images, [64, 32, 32, 3]);
    // Retrieval over all 64 captions, while training sees in-batch negatives only.
    const top1 = () =>
      tf.tidy(() => {
        const best = tf.argMax(tf.matMul(model.imageEmbeddings(images), model.textEmbeddings(tokens), false, true), 1).dataSync();
        return best.filter((j, i) => j === i).length / 64;
      });
    const rng = new Rng(3);
    const order = Array.from({ length: 64 }, (_, i) => i);
    const batchSize = 32;
    const initialTop1 = top1();
    let accuracy = initialTop1;
    let steps = 0;
    while (accuracy < 0.9 && steps < 100) {
      const start = (steps * batchSize) % 64;
      if (start === 0) shuffle(order, rng);
      const picked = order.slice(start, start + batchSize);
      const batch = tf.gather(images, picked) as tf.Tensor4D;
      await trainStep(model, { images: batch, tokens: picked.map((i) => tokens[i]) }, opt, steps);
      batch.dispose();
      steps++;
      if (steps % 5 === 0) accuracy = top1();
    }
    expect(initialTop1).toBeLessThan(0.2);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
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
