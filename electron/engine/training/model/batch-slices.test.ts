import * as tf from '../../tfjs.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activationBytesPerImage, batchSlices } from './batch-slices.js';
import { vitPreset } from './model-presets.js';
import type { AnyPretrainingModel, CaptionBatch, ClipModel } from './objective-types.js';
import { AdamW } from './optimizer.js';
import { Rng } from './rng.js';
import { setSliceBytes, trainStep } from './train-step.js';
import { installWasm } from '../wasm-backend.js';
import { EngineError } from '../../../shared/errors.js';
import { BATCH, CONTEXT, newModel, pairs, recipe, step, tokenizer } from './train-step.fixture.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => setSliceBytes(undefined));

async function run(
  objective: AnyPretrainingModel['objective'],
  sliceBytes: number | undefined,
): Promise<{ losses: number[]; weights: Record<string, Float32Array> }> {
  setSliceBytes(sliceBytes);
  const model = newModel(objective, 4);
  const opt = new AdamW(model.variables, recipe);
  const rng = new Rng(3);
  const losses: number[] = [];
  for (let i = 0; i < 3; i++) losses.push(await step(model, opt, rng, i));
  const weights = await model.variables.exportValues();
  opt.dispose();
  model.dispose();
  return { losses, weights };
}

describe('batch slices', () => {
  it('splits into as few slices as fit, sizes differing by at most one', () => {
    expect(batchSlices(256, 17.7e6, 1024 ** 3)).toEqual([
      [0, 52],
      [52, 51],
      [103, 51],
      [154, 51],
      [205, 51],
    ]);
    expect(batchSlices(32, 1e6, 1024 ** 3)).toEqual([[0, 32]]);
    expect(batchSlices(8, 10, 25)).toEqual([
      [0, 2],
      [2, 2],
      [4, 2],
      [6, 2],
    ]);
    expect(batchSlices(3, 100, 1)).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
  });

  it('the probe config at batch 256 needs slices within the wasm heap; vit-tiny at 32 does not', () => {
    const probe = activationBytesPerImage({ encoder: vitPreset('probe') });
    expect(probe * 256).toBeGreaterThan(4 * 1024 ** 3);
    expect(activationBytesPerImage({ encoder: vitPreset('vit-tiny') }) * 32).toBeLessThan(1.5 * 1024 ** 3);
  });

  for (const objective of ['catlip', 'superclass'] as const) {
    it(`${objective}: three steps over slices of 3, 3 and 2 images train as the whole batch of 8 does`, async () => {
      const whole = await run(objective, undefined);
      const bytes = newModelBytes(objective);
      const sliced = await run(objective, 3 * bytes);
      for (let i = 0; i < 3; i++) expect(Math.abs(sliced.losses[i] - whole.losses[i])).toBeLessThan(1e-5);
      expect(sliced.losses).not.toEqual([0, 0, 0]);
      for (const [name, values] of Object.entries(whole.weights)) {
        sliced.weights[name].forEach((v, j) => expect(Math.abs(v - values[j])).toBeLessThan(1e-5));
      }
    });
  }

  it('on wasm, a CLIP batch past the heap share is refused as unsupported, naming the batch that fits', async () => {
    await installWasm();
    await tf.setBackend('wasm');
    try {
      const model = newModel('clip', 1);
      const opt = new AdamW(model.variables, recipe);
      setSliceBytes(newModelBytes('clip') * 2); // 2 x the limit may run unsliced: batches of 4 fit, not 8
      const images = tf.zeros([BATCH, 32, 32, 3]) as tf.Tensor4D;
      const tokens = pairs.captions.map((c) => tokenizer.encode(c, CONTEXT));
      const refused = await trainStep<CaptionBatch>(model as ClipModel, { images, tokens }, opt, 0).catch(
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(EngineError);
      expect((refused as EngineError).code).toBe('unsupported');
      expect((refused as EngineError).message).toMatch(/clip at batch 8 .* use a batch of 4 or less/);
      expect(opt.step).toBe(0);
      tf.dispose(images);
      opt.dispose();
      model.dispose();
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it('clip is never sliced (its loss couples every pair of the batch): bit-identical under any limit', async () => {
    const whole = await run('clip', undefined);
    const limited = await run('clip', 1);
    expect(limited.losses).toEqual(whole.losses);
  });
});

function newModelBytes(objective: AnyPretrainingModel['objective']): number {
  const model = newModel(objective, 1);
  const bytes = activationBytesPerImage(model);
  model.dispose();
  return bytes;
}
