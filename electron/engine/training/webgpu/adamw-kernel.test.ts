import * as tf from '../../tfjs.js';
import { describe, expect, it } from 'vitest';
import { AdamW } from '../model/optimizer.js';
import { ParamStore } from '../model/params.js';
import { KERNEL_TOLERANCE, randomValues, relativeError, webgpuAvailable } from './kernel-test-harness.js';
import { kernelModeFor, setKernelMode } from './kernel-mode.js';

const webgpu = await webgpuAvailable();

/**
 * Three AdamW steps (weight decay on the `/kernel` variable only, a clipping factor on the second
 * step) through the fused kernel on webgpu and the tfjs ops on cpu; every variable and moment
 * must match.
 */
async function train(backend: 'cpu' | 'webgpu'): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  setKernelMode(backend === 'webgpu' ? 'fused' : undefined);
  expect(kernelModeFor()).toBe(backend === 'webgpu' ? 'fused' : 'tfjs');
  const params = ParamStore.create(
    [
      { name: 'layer/kernel', shape: [37, 29], init: { kind: 'normal', std: 0.5 } },
      { name: 'layer/bias', shape: [29], init: { kind: 'normal', std: 0.5 } },
      { name: 'scale', shape: [], init: { kind: 'constant', value: 2 } },
    ],
    3,
  );
  const opt = new AdamW(params, {
    schedule: { baseLr: 1e-2, minLr: 0, warmupSteps: 0, warmupStartLr: 0, totalSteps: 10 },
    weightDecay: 0.2,
    beta2: 0.98,
  });
  for (let step = 0; step < 3; step++) {
    tf.tidy(() => {
      const grads = params.entries().map(([, v], i) => tf.tensor(randomValues(v.size, 10 * step + i + 1, 3), v.shape));
      opt.applyGradients(grads, 1e-2 * (step + 1), step === 1 ? tf.scalar(0.25) : undefined);
    });
  }
  const state = await opt.exportState();
  const out = [
    ...(await Promise.all(params.variables().map(async (v) => Float32Array.from(await v.data())))),
    ...Object.values(state.m),
    ...Object.values(state.v),
  ];
  opt.dispose();
  params.dispose();
  setKernelMode(undefined);
  await tf.setBackend('cpu');
  return out;
}

describe.skipIf(!webgpu)('fused AdamW kernel (webgpu vs tfjs ops on cpu)', () => {
  it('matches optimizer.ts: params, m and v, with decay mask and gradient scale', async () => {
    const cpu = await train('cpu');
    const gpu = await train('webgpu');
    expect(gpu).toHaveLength(9);
    gpu.forEach((g, i) => expect(relativeError(g, cpu[i])).toBeLessThan(KERNEL_TOLERANCE));
  });

  it('neither writes through to a tensor sharing the variable buffer nor leaves a stale CPU copy', async () => {
    await tf.setBackend('webgpu');
    setKernelMode('fused');
    const params = ParamStore.create([{ name: 'w/kernel', shape: [4], init: { kind: 'constant', value: 1 } }], 1);
    const alias = tf.clone(params.get('w/kernel')); // shares the buffer
    const opt = new AdamW(params, {
      schedule: { baseLr: 0.1, minLr: 0, warmupSteps: 0, warmupStartLr: 0, totalSteps: 1 },
    });
    expect((await params.get('w/kernel').data())[0]).toBe(1); // tfjs now caches these values on the CPU
    tf.tidy(() => opt.applyGradients([tf.ones([4])], 0.1));
    expect(Array.from(await alias.data())).toEqual([1, 1, 1, 1]);
    expect((await params.get('w/kernel').data())[0]).toBeCloseTo(0.9, 5); // a read after the update sees it
    expect((await opt.exportState()).m['w/kernel'][0]).toBeCloseTo(0.1, 6);
    alias.dispose();
    opt.dispose();
    params.dispose();
    setKernelMode(undefined);
    await tf.setBackend('cpu');
  });
});
