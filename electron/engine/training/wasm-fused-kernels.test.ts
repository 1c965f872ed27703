import * as tf from '../tfjs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sigmoidBinaryCrossEntropy } from './model/losses.js';
import { layerNorm, LAYER_NORM_EPSILON } from './model/ops.js';
import { installWasm } from './wasm-backend.js';
import {
  expNonPositive,
  useWasmFusedKernels,
  wasmLayerNorm,
  wasmScaledSoftmax,
  wasmSigmoidBce,
} from './wasm-fused-kernels.js';
import { setKernelMode } from './webgpu/kernel-mode.js';

/**
 * Each wasm kernel against the plain tfjs ops it replaces, run on the cpu backend: the value and the
 * gradient of every differentiable input (through a random weighting of the output, so every output
 * element's gradient path is checked), within float32 rounding.
 */
type Case = { shapes: number[][]; seed: number };

function randomInputs({ shapes, seed }: Case): Float32Array[] {
  return shapes.map((shape, i) => tf.randomNormal(shape, 0, 1.5, 'float32', seed + i).dataSync() as Float32Array);
}

/** Value and gradients of sum(op(inputs) · w) with respect to the first `differentiable` inputs. */
async function valueAndGrads(
  backend: 'cpu' | 'wasm',
  op: (inputs: tf.Tensor[]) => tf.Tensor,
  shapes: number[][],
  values: Float32Array[],
  differentiable: number,
): Promise<{ value: Float32Array; grads: Float32Array[] }> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const inputs = values.map((v, i) => tf.tensor(v, shapes[i]));
  const value = tf.tidy(() => op(inputs));
  const weights = tf.randomUniform(value.shape, -1, 1, 'float32', 99);
  const grads = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(op([...xs, ...inputs.slice(differentiable)]), weights)))(
    inputs.slice(0, differentiable),
  );
  const result = {
    value: (await value.data()) as Float32Array,
    grads: (await Promise.all(grads.map((g) => g.data()))) as Float32Array[],
  };
  tf.dispose([value, weights, ...grads, ...inputs]);
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

function expectClose(actual: Float32Array, expected: Float32Array, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(1, ...Array.from(expected, Math.abs));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst / scale).toBeLessThan(tolerance);
}

async function compare(
  fused: (inputs: tf.Tensor[]) => tf.Tensor,
  reference: (inputs: tf.Tensor[]) => tf.Tensor,
  testCase: Case,
  differentiable: number,
  prepare: (values: Float32Array[]) => void = () => {},
): Promise<void> {
  await tf.setBackend('cpu');
  const values = randomInputs(testCase);
  prepare(values);
  const expected = await valueAndGrads('cpu', reference, testCase.shapes, values, differentiable);
  await tf.setBackend('wasm');
  expect(useWasmFusedKernels()).toBe(true);
  const actual = await valueAndGrads('wasm', fused, testCase.shapes, values, differentiable);
  expectClose(actual.value, expected.value, 1e-5);
  expected.grads.forEach((g, i) => expectClose(actual.grads[i], g, 1e-5));
}

beforeAll(async () => {
  await installWasm();
});
afterAll(async () => {
  setKernelMode(undefined);
  await tf.setBackend('cpu');
});

describe('wasm fused kernels', () => {
  it('their exp agrees with Math.exp to 1e-8 relative on (-103, 0] and is 0 below', () => {
    let worst = 0;
    for (let i = 0; i <= 200_000; i++) {
      const x = -103 * (i / 200_000) ** 2;
      worst = Math.max(worst, Math.abs(expNonPositive(x) / Math.exp(x) - 1));
    }
    expect(worst).toBeLessThan(1e-8);
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-200)).toBe(0);
    expect(expNonPositive(-1e9)).toBe(0);
  });

  it('layer norm over the last axis: value and gradients of x, gamma and beta equal the plain ops', async () => {
    await compare(
      ([x, g, b]) => wasmLayerNorm(x, g, b, LAYER_NORM_EPSILON),
      ([x, g, b]) => layerNorm(x, g, b),
      { shapes: [[3, 5, 24], [24], [24]], seed: 1 },
      3,
      // a row off zero: the mean is really subtracted (far larger offsets test the float32 reference's rounding)
      ([x]) => {
        for (let c = 0; c < 24; c++) x[c] = 4 + 0.5 * x[c];
      },
    );
  });

  it('scaled softmax with and without a mask: value and the gradient of the scores equal softmax(s·scale + mask)', async () => {
    const mask = Array.from({ length: 36 }, (_, i) => (i % 6 > Math.floor(i / 6) ? -1e9 : 0));
    for (const masked of [false, true]) {
      await compare(
        ([s, m]) => wasmScaledSoftmax(s, 0.35, masked ? (m as tf.Tensor2D) : undefined),
        ([s, m]) => tf.softmax(masked ? tf.add(tf.mul(s, 0.35), m) : tf.mul(s, 0.35)),
        {
          shapes: [
            [4, 6, 6],
            [6, 6],
          ],
          seed: 3,
        },
        1,
        (values) => values[1].set(mask),
      );
    }
  });

  it('sigmoid BCE: the loss and the gradient of the logits equal the stable plain-op form', async () => {
    await compare(
      ([x, y]) => wasmSigmoidBce(x as tf.Tensor2D, y as tf.Tensor2D),
      ([x, y]) => sigmoidBinaryCrossEntropy(x as tf.Tensor2D, y as tf.Tensor2D),
      {
        shapes: [
          [7, 30],
          [7, 30],
        ],
        seed: 4,
      },
      1,
      // multi-hot targets, and logits far out on both sides (no overflow either way)
      ([x, y]) => {
        y.forEach((v, i) => (y[i] = v > 0.8 ? 1 : 0));
        x[0] = 60;
        x[1] = -60;
      },
    );
  });

  it('CATLIP_KERNELS=tfjs (setKernelMode) turns them off on wasm', async () => {
    await tf.setBackend('wasm');
    setKernelMode('tfjs');
    expect(useWasmFusedKernels()).toBe(false);
    setKernelMode(undefined);
    expect(useWasmFusedKernels()).toBe(true);
  });
});
