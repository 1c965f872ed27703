/**
 * Test harness for the fused kernels: the same computation runs through the fused WGSL kernel on
 * the webgpu backend and through plain tfjs ops on the cpu backend, from identical Float32Array
 * inputs (tensors never move between backends: that would need a synchronous read on webgpu), and
 * the results are compared by relative error. In CI (CATLIP_REQUIRE_WEBGPU=1, Mesa lavapipe) a
 * missing adapter fails instead of skipping.
 */
import * as tf from '../../tfjs.js';
import { selectBackend, takeDeviceErrors } from '../backends.js';
import { setKernelMode } from './kernel-mode.js';

/** Each fused kernel must match the tfjs cpu reference to this relative error (fp32). */
export const KERNEL_TOLERANCE = 1e-4;

/** Initialises webgpu (then returns to cpu); false when there is no adapter and CI does not require one. */
export async function webgpuAvailable(): Promise<boolean> {
  try {
    await selectBackend('webgpu');
  } catch (e) {
    if (process.env.CATLIP_REQUIRE_WEBGPU === '1') throw e;
    console.warn(`webgpu kernel tests skipped: ${(e as Error).message}`);
    return false;
  } finally {
    await tf.setBackend('cpu');
  }
  return true;
}

export interface Input {
  shape: number[];
  values: Float32Array | Int32Array;
}

export type Inputs = Record<string, Input>;

/** Deterministic values in [-scale, scale) (xorshift), so failures reproduce. */
export function randomValues(n: number, seed: number, scale = 1): Float32Array {
  let s = (seed * 2654435761) >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * scale;
  }
  return out;
}

export function input(shape: number[], seed: number, scale = 1): Input {
  return {
    shape,
    values: randomValues(
      shape.reduce((a, b) => a * b, 1),
      seed,
      scale,
    ),
  };
}

/**
 * Runs `fn` on `backend` with `inputs` as fresh tensors ('fused' kernels on webgpu, plain tfjs ops
 * on cpu) and reads every output back. Throws on a WebGPU device error (a rejected kernel does not
 * throw by itself).
 */
export async function runOn(
  backend: 'cpu' | 'webgpu',
  inputs: Inputs,
  fn: (t: Record<string, tf.Tensor>) => tf.Tensor[],
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  setKernelMode(backend === 'webgpu' ? 'fused' : undefined);
  try {
    const tensors = Object.fromEntries(
      Object.entries(inputs).map(([k, v]) => [
        k,
        tf.tensor(v.values, v.shape, v.values instanceof Int32Array ? 'int32' : 'float32'),
      ]),
    );
    const outputs = tf.tidy(() => fn(tensors));
    const values = await Promise.all(outputs.map(async (o) => Float32Array.from(await o.data())));
    tf.dispose([...outputs, ...Object.values(tensors)]);
    if (backend === 'webgpu') {
      await new Promise((r) => setTimeout(r, 10)); // uncaptured errors arrive as events
      const errors = takeDeviceErrors();
      if (errors.length) throw new Error(`WebGPU device errors: ${errors.join('; ')}`);
    }
    return values;
  } finally {
    setKernelMode(undefined);
    await tf.setBackend('cpu');
  }
}

/** max |actual - expected| / max |expected| (the ∞-norm relative error; 0 for two all-zero arrays). */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    diff = Number.isNaN(d) ? Infinity : Math.max(diff, d);
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff === 0 ? 0 : diff / (scale || 1e-30);
}

/**
 * Relative errors of each output of `fused` on webgpu against `reference` on cpu (the same function
 * serves for both when the op itself dispatches on the kernel mode).
 */
export async function compareWithCpu(
  inputs: Inputs,
  reference: (t: Record<string, tf.Tensor>) => tf.Tensor[],
  fused: (t: Record<string, tf.Tensor>) => tf.Tensor[] = reference,
): Promise<number[]> {
  const expected = await runOn('cpu', inputs, reference);
  const actual = await runOn('webgpu', inputs, fused);
  if (actual.length !== expected.length)
    throw new Error(`fused gave ${actual.length} outputs, reference ${expected.length}`);
  return actual.map((a, i) => relativeError(a, expected[i]));
}

/** Shader keys the webgpu backend has compiled so far: proves the fused path really ran. */
export function compiledShaderKeys(): string[] {
  const backend = tf.findBackend('webgpu') as unknown as { pipelineCache?: Record<string, unknown> } | undefined;
  return Object.keys(backend?.pipelineCache ?? {});
}

export function expectCompiled(prefix: string): void {
  if (!compiledShaderKeys().some((k) => k.startsWith(prefix))) throw new Error(`the fused kernel ${prefix} never ran`);
}
