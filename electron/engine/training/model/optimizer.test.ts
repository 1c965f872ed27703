import * as tf from '../../tfjs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { Ema } from './ema.js';
import { clipByGlobalNorm } from './grad-clip.js';
import { lrAt, type LrSchedule } from './lr-schedule.js';
import { AdamW, decayMask } from './optimizer.js';
import { ParamStore } from './params.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const constantLr = (lr: number): LrSchedule => ({
  baseLr: lr,
  minLr: lr,
  warmupSteps: 0,
  warmupStartLr: lr,
  totalSteps: 1,
});

/** A store with one scalar parameter of value 1 under each given name. */
function scalars(...names: string[]): ParamStore {
  return ParamStore.create(
    names.map((name) => ({ name, shape: [], init: { kind: 'constant' as const, value: 1 } })),
    0,
  );
}

/** torch.optim.AdamW's update for one scalar, in float64. */
function referenceAdamW(p: number, grads: number[], lr: number, wd: number, b1 = 0.9, b2 = 0.999, eps = 1e-8): number {
  let [m, v] = [0, 0];
  grads.forEach((g, i) => {
    const t = i + 1;
    p *= 1 - lr * wd;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    p -= (lr / (1 - b1 ** t)) * (m / (Math.sqrt(v) / Math.sqrt(1 - b2 ** t) + eps));
  });
  return p;
}

describe('AdamW', () => {
  it('first step: p(1 - lr wd) - lr sign(g) for decayed names, p - lr sign(g) for masked names', () => {
    const store = scalars('layer/kernel', 'layer/bias', 'image/pos_embed');
    const opt = new AdamW(store, { schedule: constantLr(0.1), weightDecay: 0.1 });
    tf.tidy(() => opt.applyGradients([tf.scalar(0.5), tf.scalar(0.5), tf.scalar(-2)], 0.1));
    // Bias-corrected m / sqrt(v) = g / |g| on the first step.
    expect(store.get('layer/kernel').dataSync()[0]).toBeCloseTo(1 * (1 - 0.1 * 0.1) - 0.1, 6); // 0.89
    expect(store.get('layer/bias').dataSync()[0]).toBeCloseTo(0.9, 6);
    expect(store.get('image/pos_embed').dataSync()[0]).toBeCloseTo(1.1, 6);
    expect(opt.step).toBe(1);
    opt.dispose();
    store.dispose();
  });

  it('follows the torch.optim.AdamW recurrence over several steps, with and without decay', () => {
    const grads = [0.5, -0.25, 0.1, 0.3];
    const store = scalars('w/kernel', 'w/bias');
    const opt = new AdamW(store, { schedule: constantLr(0.05), weightDecay: 0.2, beta2: 0.98 });
    for (const g of grads) tf.tidy(() => opt.applyGradients([tf.scalar(g), tf.scalar(g)], 0.05));
    expect(store.get('w/kernel').dataSync()[0]).toBeCloseTo(referenceAdamW(1, grads, 0.05, 0.2, 0.9, 0.98), 5);
    expect(store.get('w/bias').dataSync()[0]).toBeCloseTo(referenceAdamW(1, grads, 0.05, 0, 0.9, 0.98), 5);
    expect(referenceAdamW(1, grads, 0.05, 0.2, 0.9, 0.98)).not.toBeCloseTo(
      referenceAdamW(1, grads, 0.05, 0, 0.9, 0.98),
      3,
    );
    opt.dispose();
    store.dispose();
  });

  it('exports and imports m, v and the step count by name', async () => {
    const grads = [0.5, -0.25, 0.1];
    const a = scalars('w/kernel');
    const optA = new AdamW(a, { schedule: constantLr(0.1), weightDecay: 0.1 });
    tf.tidy(() => optA.applyGradients([tf.scalar(grads[0])], 0.1));
    const [values, state] = [await a.exportValues(), await optA.exportState()];
    expect(state.step).toBe(1);
    expect(Object.keys(state.m)).toEqual(['w/kernel']);
    for (const g of grads.slice(1)) tf.tidy(() => optA.applyGradients([tf.scalar(g)], 0.1));

    const b = scalars('w/kernel');
    const optB = new AdamW(b, { schedule: constantLr(0.1), weightDecay: 0.1 });
    b.importValues(values);
    optB.importState(state);
    for (const g of grads.slice(1)) tf.tidy(() => optB.applyGradients([tf.scalar(g)], 0.1));
    // Bias correction continues from step 1: bit-identical to the uninterrupted run.
    expect(b.get('w/kernel').dataSync()[0]).toBe(a.get('w/kernel').dataSync()[0]);
    expect(a.get('w/kernel').dataSync()[0]).toBeCloseTo(referenceAdamW(1, grads, 0.1, 0.1), 5);
    expect(() => optB.importState({ ...state, m: {} })).toThrow(/lacks/);
    [optA, optB, a, b].forEach((x) => x.dispose());
  });
});

describe('decayMask', () => {
  it('decays only linear-layer kernels', () => {
    for (const name of [
      'image/patch_embed/kernel',
      'image/blocks/3/attn/qkv/kernel',
      'image/blocks/0/mlp/fc2/kernel',
      'head/kernel',
      'image_proj/kernel',
      'text_proj/kernel',
    ]) {
      expect(decayMask(name)).toBe(true);
    }
    for (const name of [
      'image/patch_embed/bias',
      'image/blocks/0/ln1/gamma',
      'image/blocks/0/ln1/beta',
      'image/cls_token',
      'image/pos_embed',
      'text/pos_embed',
      'text/token_embed/embeddings',
      'logit_scale',
      'head/bias',
    ]) {
      expect(decayMask(name)).toBe(false);
    }
  });
});

describe('lrAt', () => {
  const s: LrSchedule = { baseLr: 1e-3, minLr: 1e-5, warmupSteps: 100, warmupStartLr: 1e-6, totalSteps: 1100 };

  it('warms up linearly from warmupStartLr to baseLr', () => {
    expect(lrAt(0, s)).toBeCloseTo(1e-6, 12);
    expect(lrAt(50, s)).toBeCloseTo((1e-6 + 1e-3) / 2, 12);
    expect(lrAt(100, s)).toBeCloseTo(1e-3, 12);
  });

  it('then follows a cosine down to minLr, and stays there', () => {
    expect(lrAt(600, s)).toBeCloseTo((1e-3 + 1e-5) / 2, 12); // cosine midpoint
    expect(lrAt(350, s)).toBeCloseTo(1e-5 + ((1e-3 - 1e-5) * (1 + Math.cos(Math.PI / 4))) / 2, 12);
    expect(lrAt(1100, s)).toBeCloseTo(1e-5, 12);
    expect(lrAt(5000, s)).toBeCloseTo(1e-5, 12);
  });

  it('without warm-up starts at baseLr', () => {
    expect(lrAt(0, { ...s, warmupSteps: 0 })).toBeCloseTo(1e-3, 12);
    expect(() => lrAt(-1, s)).toThrow(RangeError);
  });
});

describe('clipByGlobalNorm', () => {
  it('returns the pre-clip norm and scales every gradient to the max norm', () => {
    const { clipped, norm } = clipByGlobalNorm([tf.tensor1d([3, 4]), tf.tensor1d([12])], 1);
    expect(norm.dataSync()[0]).toBeCloseTo(13, 5);
    const values = clipped.flatMap((g) => Array.from(g.dataSync()));
    [3, 4, 12].forEach((v, i) => expect(values[i]).toBeCloseTo(v / 13, 6));
    expect(Math.hypot(...values)).toBeCloseTo(1, 5);
  });

  it('leaves gradients under the threshold, or without one, unchanged', () => {
    for (const max of [100, undefined]) {
      const { clipped, norm } = clipByGlobalNorm([tf.tensor1d([3, 4])], max);
      expect(norm.dataSync()[0]).toBeCloseTo(5, 5);
      expect(Array.from(clipped[0].dataSync())).toEqual([3, 4]);
    }
  });
});

describe('Ema', () => {
  it('averages with the given momentum and swaps the average in for evaluation only', async () => {
    const store = scalars('w/kernel');
    const ema = new Ema(store, 0.25);
    store.get('w/kernel').assign(tf.scalar(3));
    ema.update();
    expect((await ema.exportValues())['w/kernel'][0]).toBeCloseTo(0.75 * 1 + 0.25 * 3, 6);
    const seen = await ema.withAveragedWeights(() => store.get('w/kernel').dataSync()[0]);
    expect(seen).toBeCloseTo(1.5, 6);
    expect(store.get('w/kernel').dataSync()[0]).toBe(3);
    ema.dispose();
    store.dispose();
  });
});
