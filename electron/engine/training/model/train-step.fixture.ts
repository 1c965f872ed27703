/**
 * A small model, batch and recipe for training-step tests: synthetic captions and labels, uint8 source
 * images larger than the model input (so augmentation really crops and resizes), and one augmented step.
 */
import '../../tfjs.js';
import { expect } from 'vitest';
import { augmentBatch, SMALL_IMAGE_CROP } from './augment.js';
import type { AnyPretrainingModel, CaptionBatch, LabelBatch } from './objective-types.js';
import { createModel } from './objectives.js';
import type { AdamW, AdamWOptions } from './optimizer.js';
import { Rng } from './rng.js';
import { syntheticPairs } from './synthetic-pairs.js';
import { trainTokenizer } from './tokenizer.js';
import { trainStep } from './train-step.js';
import type { VitConfig } from './vit.js';

export const encoder: VitConfig = {
  imageSize: 32,
  patchSize: 8,
  width: 32,
  depth: 1,
  heads: 2,
  mlpRatio: 2,
  pool: 'cls',
};
export const BATCH = 8;
export const CONTEXT = 8;
export const pairs = syntheticPairs(BATCH, 8, 3);
export const tokenizer = trainTokenizer(pairs.captions, 64);
export const tokens = pairs.captions.map((c) => tokenizer.encode(c, CONTEXT));
export const text = {
  vocabSize: tokenizer.vocabSize,
  contextLength: CONTEXT,
  width: 32,
  depth: 1,
  heads: 2,
  mlpRatio: 2,
  embedDim: 16,
};
/** The CatLIP recipe (clipping, decay, EMA) scaled to a few steps. */
export const recipe: AdamWOptions = {
  schedule: { baseLr: 1e-3, minLr: 1e-5, warmupSteps: 2, warmupStartLr: 1e-6, totalSteps: 10 },
  weightDecay: 0.2,
  clipNorm: 1,
  emaMomentum: 0.1,
};

/** uint8 source images larger than the model input, so augmentation really crops and resizes. */
export const records = Array.from({ length: BATCH }, (_, i) => {
  const rng = new Rng(100 + i);
  return Uint8Array.from({ length: 40 * 40 * 3 }, () => rng.int(256));
});

export function newModel(objective: AnyPretrainingModel['objective'], seed: number): AnyPretrainingModel {
  if (objective === 'catlip') return createModel({ objective, encoder, numClasses: 16, seed });
  if (objective === 'clip') return createModel({ objective, encoder, text, seed });
  return createModel({ objective, encoder, numClasses: tokenizer.vocabSize, seed });
}

/** One augmented training step; the batch tensor is freed before returning. */
export async function step(model: AnyPretrainingModel, opt: AdamW, rng: Rng, index: number): Promise<number> {
  const images = augmentBatch(records, rng, { size: 32, crop: SMALL_IMAGE_CROP });
  try {
    const result =
      model.objective === 'catlip'
        ? await trainStep<LabelBatch>(model, { images, labels: pairs.labels }, opt, index)
        : await trainStep<CaptionBatch>(model, { images, tokens }, opt, index);
    expect(Number.isFinite(result.loss)).toBe(true);
    return result.loss;
  } finally {
    images.dispose();
  }
}
