import * as tf from '../tfjs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalNormScale } from './model/grad-clip.js';
import { AdamW } from './model/optimizer.js';
import { ParamStore } from './model/params.js';
import { installWasm } from './wasm-backend.js';
import { useWasmOptimizerKernels } from './wasm-optimizer-kernels.js';

/**
 * The wasm backend's one-call clip and AdamW update give the plain-op path's values (as run on the cpu
 * backend): three steps over variables of several shapes, decayed and not, with a clipping factor.
 */
async function train(backend: 'cpu' | 'wasm'): Promise<{
  params: Record<string, Float32Array>;
  norms: number[];
  state: Awaited<ReturnType<AdamW['exportState']>>;
}> {
  await tf.setBackend(backend);
  const store = ParamStore.create(
    [
      { name: 'a/kernel', shape: [5, 3], init: { kind: 'normal', std: 0.5 } },
      { name: 'a/bias', shape: [3], init: { kind: 'normal', std: 0.5 } },
      { name: 'b/gamma', shape: [7], init: { kind: 'constant', value: 1 } },
    ],
    3,
  );
  const opt = new AdamW(store, {
    schedule: { baseLr: 0.05, minLr: 0.05, warmupSteps: 0, warmupStartLr: 0.05, totalSteps: 1 },
    weightDecay: 0.2,
    clipNorm: 1,
  });
  expect(useWasmOptimizerKernels()).toBe(backend === 'wasm');
  const norms: number[] = [];
  for (let step = 0; step < 3; step++) {
    const norm = tf.tidy(() => {
      const grads = store.entries().map(([, v], i) => tf.randomNormal(v.shape, 0, 2, 'float32', 1 + 10 * step + i));
      const { scale, norm } = globalNormScale(grads, 1);
      opt.applyGradients(grads, 0.05, scale);
      return norm;
    });
    norms.push((await norm.data())[0]);
    norm.dispose();
  }
  const result = { params: await store.exportValues(), norms, state: await opt.exportState() };
  opt.dispose();
  store.dispose();
  return result;
}

beforeAll(async () => {
  await installWasm();
  await tf.setBackend('cpu');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('wasm optimizer kernels', () => {
  it('gradient norm, parameters and both moments after three clipped AdamW steps equal the plain ops on the cpu backend', async () => {
    const before = tf.memory().numTensors;
    const cpu = await train('cpu');
    const wasm = await train('wasm');
    expect(tf.memory().numTensors).toBe(before);
    wasm.norms.forEach((n, i) => expect(n).toBeCloseTo(cpu.norms[i], 4));
    expect(cpu.norms[0]).toBeGreaterThan(1); // the clipping factor is really applied
    for (const [name, values] of Object.entries(cpu.params)) {
      values.forEach((v, j) => expect(wasm.params[name][j]).toBeCloseTo(v, 6));
      cpu.state.m[name].forEach((v, j) => expect(wasm.state.m[name][j]).toBeCloseTo(v, 6));
      cpu.state.v[name].forEach((v, j) => expect(wasm.state.v[name][j]).toBeCloseTo(v, 6));
    }
    expect(wasm.state.step).toBe(3);
  });
});
