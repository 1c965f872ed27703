import * as tf from '../../tfjs.js';
import { describe, expect, it } from 'vitest';
import { expectCompiled, relativeError, webgpuAvailable } from './kernel-test-harness.js';
import { kernelModeFor, setKernelMode } from './kernel-mode.js';
import { setMatMulAdapterClass } from './matmul-kernel.js';
import { threeTrainSteps } from './three-train-steps.fixture.js';

const webgpu = await webgpuAvailable();

/** Losses and gradient norms of 3 full training steps (clip 1, decay 0.2) with the backend's kernels. */
async function run(objective: 'catlip' | 'clip', backend: 'cpu' | 'webgpu'): Promise<number[]> {
  await tf.setBackend(backend);
  setKernelMode(backend === 'webgpu' ? 'fused' : undefined);
  expect(kernelModeFor()).toBe(backend === 'webgpu' ? 'fused' : 'tfjs');
  try {
    return await threeTrainSteps(objective);
  } finally {
    setKernelMode(undefined);
    await tf.setBackend('cpu');
  }
}

// 'software': as on this lavapipe adapter (tfjs's matmul); 'hardware': the tiled matmul a GPU gets
describe.skipIf(!webgpu)('training steps with all fused kernels (webgpu) vs tfjs ops (cpu)', () => {
  it.each([
    ['catlip', 'software'],
    ['clip', 'software'],
    ['catlip', 'hardware'],
    ['clip', 'hardware'],
  ] as const)(
    '%s, matmul planned for a %s adapter: losses and gradient norms of 3 steps match',
    async (objective, adapter) => {
      const cpu = await run(objective, 'cpu');
      setMatMulAdapterClass(adapter);
      try {
        const gpu = await run(objective, 'webgpu');
        // after Adam updates, tiny differences are amplified where m/sqrt(v) ~ sign(g); 1e-4 still holds here
        gpu.forEach((g, i) => expect(relativeError([g], [cpu[i]])).toBeLessThan(1e-4));
        if (adapter === 'hardware') expectCompiled('catlipMatMul_');
      } finally {
        setMatMulAdapterClass('auto');
      }
    },
  );
});
