import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installWasm } from '../wasm-backend.js';
import { augmentBatch, SMALL_IMAGE_CROP } from './augment.js';
import type { AnyPretrainingModel, CaptionBatch, LabelBatch } from './objective-types.js';
import { createModel } from './objectives.js';
import { AdamW } from './optimizer.js';
import { Rng } from './rng.js';
import { syntheticPairs } from './synthetic-pairs.js';
import { trainTokenizer } from './tokenizer.js';
import { trainStep } from './train-step.js';
import type { VitConfig } from './vit.js';

/**
 * The wasm backend trains the same model as the cpu backend: three steps of each objective (same
 * seed, data, augmentation and recipe) give the same losses within 1e-4. Every op of a step must
 * have a wasm kernel, or the step throws here.
 */
const encoder: VitConfig = { imageSize: 32, patchSize: 8, width: 32, depth: 2, heads: 2, mlpRatio: 2, pool: 'cls' };
const BATCH = 8;
const CONTEXT = 8;
const pairs = syntheticPairs(BATCH, 8, 3);
const tokenizer = trainTokenizer(pairs.captions, 64);
const tokens = pairs.captions.map((c) => tokenizer.encode(c, CONTEXT));
const text = { vocabSize: tokenizer.vocabSize, contextLength: CONTEXT, width: 32, depth: 2, heads: 2, mlpRatio: 2, embedDim: 16 };
const records = Array.from({ length: BATCH }, (_, i) => {
  const rng = new Rng(200 + i);
  return Uint8Array.from({ length: 40 * 40 * 3 }, () => rng.int(256));
});

async function losses(backend: 'cpu' | 'wasm', objective: AnyPretrainingModel['objective']): Promise<number[]> {
  expect(await tf.setBackend(backend)).toBe(true);
  expect(tf.getBackend()).toBe(backend);
  const model =
    objective === 'catlip'
      ? createModel({ objective, encoder, numClasses: 16, seed: 3 })
      : objective === 'clip'
        ? createModel({ objective, encoder, text, seed: 3 })
        : createModel({ objective, encoder: { ...encoder, pool: 'mean' }, numClasses: tokenizer.vocabSize, seed: 3 });
  const opt = new AdamW(model.variables, {
    schedule: { baseLr: 1e-3, minLr: 1e-5, warmupSteps: 1, warmupStartLr: 1e-4, totalSteps: 3 },
    weightDecay: 0.2,
    clipNorm: 1,
    emaMomentum: 0.1,
  });
  const rng = new Rng(11);
  const out: number[] = [];
  for (let i = 0; i < 3; i++) {
    const images = augmentBatch(records, rng, { size: 32, crop: SMALL_IMAGE_CROP });
    const result =
      model.objective === 'catlip'
        ? await trainStep<LabelBatch>(model, { images, labels: pairs.labels }, opt, i)
        : await trainStep<CaptionBatch>(model, { images, tokens }, opt, i);
    images.dispose();
    out.push(result.loss);
  }
  opt.dispose();
  model.dispose();
  return out;
}

beforeAll(async () => {
  await installWasm();
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('wasm backend', () => {
  for (const objective of ['catlip', 'clip', 'superclass'] as const) {
    it(`${objective}: three training steps match the cpu backend's losses within 1e-4`, async () => {
      const reference = await losses('cpu', objective);
      const wasm = await losses('wasm', objective);
      expect(reference.every(Number.isFinite)).toBe(true);
      // the steps really train: the loss moves
      expect(reference[2]).not.toBe(reference[0]);
      for (let i = 0; i < 3; i++) expect(Math.abs(wasm[i] - reference[i])).toBeLessThan(1e-4);
    });
  }
});
