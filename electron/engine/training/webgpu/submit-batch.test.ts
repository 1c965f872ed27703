import * as tf from '../../tfjs.js';
import { afterEach, describe, expect, it } from 'vitest';
import { watchDeviceTraffic, type DeviceTraffic } from './device-traffic.js';
import { webgpuAvailable } from './kernel-test-harness.js';
import { setKernelMode } from './kernel-mode.js';
import {
  setTrainingSubmitBatch,
  TRAINING_SUBMIT_BATCH,
  trainingSubmitBatch,
  withTrainingSubmitBatch,
} from './submit-batch.js';
import { threeTrainSteps } from './three-train-steps.fixture.js';

const webgpu = await webgpuAvailable();
const FLAG = 'WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE';
/** tfjs-backend-webgpu's own default: what training used before it had a submit batch of its own. */
const TFJS_DEFAULT = 15;

/** 3 fused training steps on webgpu with `submitBatch` (undefined: the trainer's), and each step's device traffic. */
async function train(
  objective: 'catlip' | 'clip',
  submitBatch: number | undefined,
): Promise<{ values: number[]; traffic: DeviceTraffic[] }> {
  await tf.setBackend('webgpu');
  setKernelMode('fused');
  setTrainingSubmitBatch(submitBatch);
  const traffic: DeviceTraffic[] = [];
  try {
    const values = await threeTrainSteps(objective, async (_, run) => {
      const watch = watchDeviceTraffic();
      try {
        await run();
        traffic.push(watch.take());
      } finally {
        watch.stop();
      }
    });
    return { values, traffic };
  } finally {
    setTrainingSubmitBatch(undefined);
    setKernelMode(undefined);
    await tf.setBackend('cpu');
  }
}

afterEach(() => setTrainingSubmitBatch(undefined));

describe('training submit batch', () => {
  it('refuses a batch under one dispatch and restores the default', () => {
    expect(() => setTrainingSubmitBatch(0)).toThrow(RangeError);
    expect(() => setTrainingSubmitBatch(Number.NaN)).toThrow(RangeError);
    setTrainingSubmitBatch(40);
    expect(trainingSubmitBatch()).toBe(40);
    setTrainingSubmitBatch(undefined);
    expect(trainingSubmitBatch()).toBe(TRAINING_SUBMIT_BATCH);
  });

  it('leaves other backends alone', () => {
    expect(tf.getBackend()).toBe('cpu');
    expect(withTrainingSubmitBatch(() => 7)).toBe(7);
  });
});

describe.skipIf(!webgpu)('training submit batch on webgpu', () => {
  it('sets the flag only while a step is recorded, also when the recording throws', async () => {
    await tf.setBackend('webgpu');
    try {
      expect(tf.env().getNumber(FLAG)).toBe(TFJS_DEFAULT);
      expect(withTrainingSubmitBatch(() => tf.env().getNumber(FLAG))).toBe(TRAINING_SUBMIT_BATCH);
      expect(() =>
        withTrainingSubmitBatch(() => {
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(tf.env().getNumber(FLAG)).toBe(TFJS_DEFAULT);
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it.each(['catlip', 'clip'] as const)(
    '%s: 3 steps give bit-identical losses and gradient norms with tfjs’s batch, the trainer’s and one buffer per step',
    async (objective) => {
      const before = await train(objective, TFJS_DEFAULT);
      const after = await train(objective, undefined);
      const whole = await train(objective, Infinity);
      expect(before.values.every(Number.isFinite)).toBe(true);
      expect(after.values).toEqual(before.values);
      expect(whole.values).toEqual(before.values);
      expect(after.traffic.map((t) => t.dispatches)).toEqual(before.traffic.map((t) => t.dispatches));
    },
  );

  // counts, not timings: they follow from the dispatches and the setting alone. For this model (CatLIP ~109
  // dispatches a step, CLIP ~288) tfjs's batch of 15 submitted 8 and 20 times a step, and the loss and the
  // gradient norm were two reads (two more submits and two mapped buffers the host waited for)
  it.each([
    ['catlip', 2],
    ['clip', 3],
  ] as const)('%s: one GPU->CPU read and at most %i submits per step', async (objective, most) => {
    const { traffic } = await train(objective, undefined);
    for (const t of traffic) {
      expect(t.reads).toBe(1);
      // every TRAINING_SUBMIT_BATCH dispatches, then the read's own submit: nothing else syncs mid-step
      expect(t.submits).toBe(Math.floor(t.dispatches / TRAINING_SUBMIT_BATCH) + 1);
      expect(t.submits).toBeLessThanOrEqual(most);
    }
  });
});
