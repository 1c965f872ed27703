import * as tf from '../../tfjs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from './objectives.js';
import { AdamW } from './optimizer.js';
import { Rng } from './rng.js';
import { fitUntil, syntheticPairs } from './synthetic-pairs.js';
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
      text: {
        vocabSize: tokenizer.vocabSize,
        contextLength: 6,
        width: 32,
        depth: 1,
        heads: 2,
        mlpRatio: 2,
        embedDim: 32,
      },
      seed: 1,
    });
    const opt = new AdamW(model.variables, {
      schedule: { baseLr: 5e-3, minLr: 5e-3, warmupSteps: 0, warmupStartLr: 5e-3, totalSteps: 1 },
      beta2: 0.98,
    });
    const images = tf.tensor4d(data.images, [64, 32, 32, 3]);
    // Retrieval over all 64 captions, while training sees in-batch negatives only.
    const top1 = () =>
      tf.tidy(() => {
        const best = tf
          .argMax(tf.matMul(model.imageEmbeddings(images), model.textEmbeddings(tokens), false, true), 1)
          .dataSync();
        return best.filter((j, i) => j === i).length / 64;
      });
    const rng = new Rng(3);
    const batchSize = 32;
    const fit = await fitUntil({
      count: 64,
      batchSize,
      rng,
      target: 0.9,
      maxSteps: 100,
      checkEvery: 5,
      score: top1,
      step: async (picked, step) => {
        const batch = tf.gather(images, picked) as tf.Tensor4D;
        await trainStep(model, { images: batch, tokens: picked.map((i) => tokens[i]) }, opt, step);
        batch.dispose();
      },
    });
    expect(fit.initial).toBeLessThan(0.2);
    expect(fit.final).toBeGreaterThanOrEqual(0.9);
    images.dispose();
    opt.dispose();
    model.dispose();
  });
});
