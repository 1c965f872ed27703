import * as tf from '../../tfjs.js';
import { describe, expect, it } from 'vitest';
import type {
  AnyPretrainingModel,
  CaptionBatch,
  ImageBatch,
  LabelBatch,
  PretrainingModel,
} from '../model/objective-types.js';
import { createModel } from '../model/objectives.js';
import { AdamW } from '../model/optimizer.js';
import { trainStep } from '../model/train-step.js';
import type { VitConfig } from '../model/vit.js';
import { expectCompiled, randomValues, relativeError, webgpuAvailable } from './kernel-test-harness.js';
import { kernelModeFor, setKernelMode } from './kernel-mode.js';
import { setMatMulAdapterClass } from './matmul-kernel.js';

const webgpu = await webgpuAvailable();

// GELU + CLS pooling here (the probe uses ReLU + mean): both activation paths get exercised
const encoder: VitConfig = {
  imageSize: 16,
  patchSize: 8,
  width: 24,
  depth: 1,
  heads: 2,
  mlpRatio: 2,
  pool: 'cls',
  activation: 'gelu',
};
const text = {
  vocabSize: 50,
  contextLength: 6,
  width: 24,
  depth: 1,
  heads: 3,
  mlpRatio: 2,
  embedDim: 16,
  activation: 'relu' as const,
};
const BATCH = 6;
const images = randomValues(BATCH * 16 * 16 * 3, 9);
const labels = Array.from({ length: BATCH }, (_, i) => [i % 5, (i * 3) % 11, 20 + i]);
const tokens = Array.from({ length: BATCH }, (_, i) => Int32Array.from([1 + i, 2 + i, 10 + i, 49, 0, 0]));

/** Losses and gradient norms of 3 full training steps (clip 1, decay 0.2) with the backend's kernels. */
async function run(objective: 'catlip' | 'clip', backend: 'cpu' | 'webgpu'): Promise<number[]> {
  await tf.setBackend(backend);
  setKernelMode(backend === 'webgpu' ? 'fused' : undefined);
  expect(kernelModeFor()).toBe(backend === 'webgpu' ? 'fused' : 'tfjs');
  const model: AnyPretrainingModel =
    objective === 'catlip'
      ? createModel({ objective, encoder, numClasses: 40, seed: 4 })
      : createModel({ objective, encoder, text, seed: 4 });
  const opt = new AdamW(model.variables, {
    schedule: { baseLr: 1e-2, minLr: 1e-4, warmupSteps: 1, warmupStartLr: 1e-3, totalSteps: 10 },
    weightDecay: 0.2,
    clipNorm: 1,
  });
  const out: number[] = [];
  for (let step = 0; step < 3; step++) {
    const x = tf.tensor4d(images, [BATCH, 16, 16, 3]);
    const batch =
      objective === 'catlip' ? ({ images: x, labels } as LabelBatch) : ({ images: x, tokens } as CaptionBatch);
    const r = await trainStep(model as unknown as PretrainingModel<ImageBatch>, batch, opt, step);
    out.push(r.loss, r.gradNorm);
    x.dispose();
  }
  opt.dispose();
  model.dispose();
  setKernelMode(undefined);
  await tf.setBackend('cpu');
  return out;
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
