import * as tf from '../../tfjs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installWasm } from '../wasm-backend.js';
import type { AnyPretrainingModel } from './objective-types.js';
import { AdamW } from './optimizer.js';
import { Rng } from './rng.js';
import { newModel, recipe, step } from './train-step.fixture.js';

/**
 * The wasm backend trains the same model as the cpu backend: three steps of each objective (same
 * seed, data, augmentation and recipe) give the same losses within 1e-4. Every op of a step must
 * have a wasm kernel, or the step throws here.
 */
async function losses(backend: 'cpu' | 'wasm', objective: AnyPretrainingModel['objective']): Promise<number[]> {
  expect(await tf.setBackend(backend)).toBe(true);
  expect(tf.getBackend()).toBe(backend);
  const model = newModel(objective, 3);
  const opt = new AdamW(model.variables, recipe);
  const rng = new Rng(11);
  const out: number[] = [];
  for (let i = 0; i < 3; i++) out.push(await step(model, opt, rng, i));
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
