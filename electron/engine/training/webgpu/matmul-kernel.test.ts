import * as tf from '../../tfjs.js';
import { afterEach, describe, expect, it } from 'vitest';
import { compareWithCpu, expectCompiled, input, KERNEL_TOLERANCE, webgpuAvailable } from './kernel-test-harness.js';
import { isSoftwareAdapter } from './webgpu-backend.js';
import { LARGE_TILING, MEDIUM_TILING, planMatMul, setMatMulAdapterClass } from './matmul-kernel.js';

describe('planMatMul', () => {
  it('gives the probe ViT forward matmuls (16,384 rows) the 128x128 tiling without split-K on a GPU', () => {
    expect(planMatMul(1, 16384, 1152, 384, false)).toEqual({ tiling: LARGE_TILING, splits: 1, kPerSplit: 384 });
    expect(planMatMul(1, 16384, 384, 1536, false)?.tiling).toBe(LARGE_TILING);
  });

  it('splits K for a weight gradient whose output has too few tiles to fill a GPU', () => {
    // dW of the qkv projection: [384, 16384]·[16384, 1152] is 3 x 9 = 27 large tiles
    const plan = planMatMul(1, 384, 1152, 16384, false)!;
    expect(plan.tiling).toBe(MEDIUM_TILING);
    expect(plan.splits).toBeGreaterThan(1);
    expect(plan.kPerSplit % plan.tiling.tileK).toBe(0);
    expect(plan.kPerSplit * plan.splits).toBeGreaterThanOrEqual(16384);
    expect(plan.kPerSplit * (plan.splits - 1)).toBeLessThan(16384);
    expect(plan.kPerSplit).toBeGreaterThanOrEqual(256);
  });

  it("never splits a short K, and leaves software adapters to tfjs's own kernel", () => {
    expect(planMatMul(1, 64, 64, 200, false)?.splits).toBe(1);
    expect(planMatMul(1, 384, 1152, 16384, true)).toBeNull();
    expect(planMatMul(1, 8, 8, 0, false)).toBeNull();
    expect(planMatMul(1, 0, 8, 8, false)).toBeNull();
  });
});

describe('isSoftwareAdapter', () => {
  it('recognises lavapipe as Dawn reports it, SwiftShader as Chromium does, and either as tfjs keeps it', () => {
    expect(
      isSoftwareAdapter({
        vendor: 'mesa',
        architecture: 'software',
        description: 'llvmpipe: Mesa 25.0.7',
        isFallbackAdapter: true,
      }),
    ).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'google', architecture: 'swiftshader' })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'mesa', architecture: 'software' })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: '', description: 'NVIDIA: 580.159.04' })).toBe(false);
    expect(isSoftwareAdapter(undefined)).toBe(false);
  });
});

const webgpu = await webgpuAvailable();

type Case = [string, number[], number[], boolean, boolean];

// ragged sizes (not multiples of any tile) and every transpose combination
const CASES: Case[] = [
  ['NN ragged', [37, 29], [29, 45], false, false],
  ['NT (dX = dY·Wᵀ)', [70, 33], [41, 33], false, true],
  ['TN (dW = Xᵀ·dY)', [300, 19], [300, 23], true, false],
  ['TT', [17, 66], [9, 17], true, true],
  ['batched', [3, 20, 31], [3, 31, 18], false, false],
  ['batch broadcast (B of 1)', [4, 9, 12], [1, 12, 7], false, false],
  ['rank 4, batch broadcast (A of 1), NT', [1, 1, 13, 24], [2, 3, 10, 24], false, true],
];

describe.skipIf(!webgpu)('tiled matmul (webgpu vs tfjs matMul on cpu)', () => {
  afterEach(() => setMatMulAdapterClass('auto'));

  // the adapter here is lavapipe (software), which planMatMul leaves to tfjs: plan as for a GPU
  it.each(CASES)('%s', async (_name, shapeA, shapeB, transposeA, transposeB) => {
    setMatMulAdapterClass('hardware');
    const errors = await compareWithCpu({ a: input(shapeA, 1), b: input(shapeB, 2) }, (t) => [
      tf.matMul(t.a, t.b, transposeA, transposeB),
    ]);
    expect(errors[0]).toBeLessThan(KERNEL_TOLERANCE);
    expectCompiled(`catlipMatMul_medium_${transposeA ? 'T' : 'N'}${transposeB ? 'T' : 'N'}`);
  });

  it('uses the 128x128 tiling and split-K when planned for a GPU, and both give the cpu result', async () => {
    setMatMulAdapterClass('hardware');
    // 8,192 rows x 256: 64 x 2 = 128 large tiles; then its weight gradient, [256, 8192]·[8192, 96]: split K
    const f = (t: Record<string, tf.Tensor>) => [tf.matMul(t.x, t.w), tf.matMul(t.x, t.dy, true, false)];
    const errors = await compareWithCpu(
      { x: input([8192, 40], 3), w: input([40, 256], 4), dy: input([8192, 96], 5) },
      f,
    );
    for (const e of errors) expect(e).toBeLessThan(KERNEL_TOLERANCE);
    expectCompiled('catlipMatMul_large_NN');
    expectCompiled('catlipMatMulSplitSum');
  });

  it("an empty inner dimension gives zeros (where tfjs's own webgpu kernel fails validation)", async () => {
    setMatMulAdapterClass('hardware');
    const errors = await compareWithCpu(
      { a: { shape: [3, 0], values: new Float32Array(0) }, b: { shape: [0, 5], values: new Float32Array(0) } },
      (t) => [tf.matMul(t.a, t.b)],
    );
    expect(errors[0]).toBe(0);
  });

  it('gradients of a dense layer through the tiled kernel match', async () => {
    setMatMulAdapterClass('hardware');
    const f = (t: Record<string, tf.Tensor>) => {
      const loss = (x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, w), t.g));
      return tf.grads(loss)([t.x, t.w]);
    };
    const errors = await compareWithCpu({ x: input([50, 21], 6), w: input([21, 34], 7), g: input([50, 34], 8) }, f);
    for (const e of errors) expect(e).toBeLessThan(KERNEL_TOLERANCE);
  });
});
