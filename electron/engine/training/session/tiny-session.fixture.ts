import type { RunConfig } from '../../../shared/training.js';
import { Rng } from '../model/rng.js';
import type { SessionBatch } from './model-session.js';

/**
 * A tiny CatLIP run and deterministic batches for session tests: the Node tests and the Chromium compute
 * page test train on exactly these, so their losses can be compared across backends.
 */
export const TINY_CONFIG: RunConfig = {
  dataset: 'tiny',
  objective: 'catlip',
  model: 'vit-tiny',
  imageSize: 32,
  patchSize: 8,
  steps: 10,
  batch: 4,
  backend: 'cpu',
  allowSoftwareAdapter: false,
  seed: 3,
  vocabulary: 1,
  labelMode: 'paper',
  lr: 1e-3,
  minLr: 1e-5,
  warmupSteps: 2,
  weightDecay: 0.05,
  clipNorm: 1,
  emaMomentum: 0.99,
  checkpointEvery: 5,
  tokenizerVocab: 300,
  contextLength: 8,
  budget: null,
  device: null,
  recipe: null,
  view: null,
};
export const TINY_CLASSES = 12;

/** Batch `index` of the tiny run: normalised-looking images and 1-3 classes per image. */
export function tinyBatch(
  index: number,
  config: RunConfig = TINY_CONFIG,
): Required<Pick<SessionBatch, 'images' | 'labels'>> {
  const rng = new Rng(1000 + index);
  const n = config.batch;
  const images = new Float32Array(n * config.imageSize * config.imageSize * 3);
  for (let i = 0; i < images.length; i++) images[i] = rng.uniform(-2, 2);
  const labels = Array.from({ length: n }, () =>
    Int32Array.from({ length: 1 + rng.int(3) }, () => rng.int(TINY_CLASSES)),
  );
  return { images, labels };
}
