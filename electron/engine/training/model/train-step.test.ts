import * as tf from '../../tfjs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnyPretrainingModel } from './objective-types.js';
import { createModel } from './objectives.js';
import { AdamW } from './optimizer.js';
import { Rng } from './rng.js';
import { syntheticPairs } from './synthetic-pairs.js';
import { trainTokenizer } from './tokenizer.js';
import { trainStep } from './train-step.js';
import { BATCH, CONTEXT, encoder, newModel, pairs, recipe, step } from './train-step.fixture.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('trainStep', () => {
  for (const objective of ['catlip', 'clip', 'superclass'] as const) {
    it(`${objective}: frees every intermediate tensor`, async () => {
      const model = newModel(objective, 1);
      const opt = new AdamW(model.variables, recipe);
      const rng = new Rng(1);
      await step(model, opt, rng, 0);
      const tensors = tf.memory().numTensors;
      for (let i = 1; i < 4; i++) await step(model, opt, rng, i);
      expect(tf.memory().numTensors).toBe(tensors);
      opt.dispose();
      model.dispose();
    });
  }

  it('returns the loss, pre-clip gradient norm and the scheduled LR', async () => {
    const model = createModel({ objective: 'catlip', encoder, numClasses: 16, seed: 1 });
    const opt = new AdamW(model.variables, { ...recipe, clipNorm: 1e-3 });
    const images = tf.randomNormal([BATCH, 32, 32, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const expectedLoss = tf.tidy(() => model.loss({ images, labels: pairs.labels }).dataSync()[0]);
    const result = await trainStep(model, { images, labels: pairs.labels }, opt, 1);
    expect(result.loss).toBe(expectedLoss);
    expect(result.lr).toBeCloseTo(1e-6 + (1e-3 - 1e-6) / 2, 12);
    expect(result.gradNorm).toBeGreaterThan(1e-3); // reported before clipping to 1e-3
    expect(opt.step).toBe(1);
    images.dispose();
    opt.dispose();
    model.dispose();
  });

  it('refuses an optimizer built for another model', async () => {
    const a = createModel({ objective: 'catlip', encoder, numClasses: 16, seed: 1 });
    const b = createModel({ objective: 'catlip', encoder, numClasses: 16, seed: 1 });
    const opt = new AdamW(b.variables, recipe);
    await expect(
      trainStep(a, { images: tf.zeros([1, 32, 32, 3]) as tf.Tensor4D, labels: [[0]] }, opt, 0),
    ).rejects.toThrow(/another model/);
    [opt, a, b].forEach((x) => x.dispose());
  });
});

describe('determinism', () => {
  async function losses(objective: AnyPretrainingModel['objective'], seed: number, steps: number): Promise<number[]> {
    const model = newModel(objective, seed);
    const opt = new AdamW(model.variables, recipe);
    const rng = new Rng(seed);
    const out: number[] = [];
    for (let i = 0; i < steps; i++) out.push(await step(model, opt, rng, i));
    opt.dispose();
    model.dispose();
    return out;
  }

  it('the same seed gives bit-identical losses; another seed does not', async () => {
    for (const objective of ['catlip', 'clip'] as const) {
      const a = await losses(objective, 7, 3);
      expect(await losses(objective, 7, 3)).toEqual(a);
      expect(await losses(objective, 8, 3)).not.toEqual(a);
    }
  });

  for (const objective of ['clip', 'superclass'] as const) {
    it(`${objective}: weights + optimizer (incl. EMA) + RNG (+ IDF) state export/import resumes bit-exactly`, async () => {
      const straight = newModel(objective, 5);
      const straightOpt = new AdamW(straight.variables, recipe);
      const straightRng = new Rng(9);
      const expected: number[] = [];
      for (let i = 0; i < 4; i++) expected.push(await step(straight, straightOpt, straightRng, i));

      const first = newModel(objective, 5);
      const firstOpt = new AdamW(first.variables, recipe);
      const firstRng = new Rng(9);
      for (let i = 0; i < 2; i++) await step(first, firstOpt, firstRng, i);
      const checkpoint = JSON.parse(
        JSON.stringify({
          rng: firstRng.getState(),
          idf: first.objective === 'superclass' ? first.idf.toJSON() : null,
        }),
      );
      const weights = await first.variables.exportValues();
      const optimizer = await firstOpt.exportState();

      // Resume into a differently seeded model, optimizer and RNG: everything must come from the checkpoint.
      const resumed = newModel(objective, 6);
      const resumedOpt = new AdamW(resumed.variables, recipe);
      const resumedRng = new Rng(1);
      resumed.variables.importValues(weights);
      resumedOpt.importState(optimizer);
      resumedRng.setState(checkpoint.rng);
      if (resumed.objective === 'superclass') resumed.idf.restore(checkpoint.idf);
      const after = [await step(resumed, resumedOpt, resumedRng, 2), await step(resumed, resumedOpt, resumedRng, 3)];
      expect(after).toEqual(expected.slice(2));
      expect(await resumedOpt.ema!.exportValues()).toEqual(await straightOpt.ema!.exportValues());
      [straightOpt, firstOpt, resumedOpt, straight, first, resumed].forEach((x) => x.dispose());
    });
  }
});

describe('SuperClass training', () => {
  it('lowers its loss on a fixed batch', async () => {
    const data = syntheticPairs(32, 32, 4);
    const tok = trainTokenizer(data.captions, 64);
    const model = createModel({
      objective: 'superclass',
      encoder: { ...encoder, pool: 'mean' },
      numClasses: tok.vocabSize,
      seed: 2,
    });
    const opt = new AdamW(model.variables, {
      schedule: { baseLr: 5e-3, minLr: 5e-3, warmupSteps: 0, warmupStartLr: 5e-3, totalSteps: 1 },
    });
    const batch = {
      images: tf.tensor4d(data.images, [32, 32, 32, 3]),
      tokens: data.captions.map((c) => tok.encode(c, CONTEXT)),
    };
    const losses: number[] = [];
    for (let i = 0; i < 12; i++) losses.push((await trainStep(model, batch, opt, i)).loss);
    expect(losses[0]).toBeGreaterThan(0);
    expect(losses.at(-1)!).toBeLessThan(losses[0] * 0.8);
    batch.images.dispose();
    opt.dispose();
    model.dispose();
  });
});
