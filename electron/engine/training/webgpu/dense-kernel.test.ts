import * as tf from '../../tfjs.js';
import { afterEach, describe, expect, it } from 'vitest';
import { dense } from '../model/ops.js';
import { columnSum } from './column-sum-kernel.js';
import { compareWithCpu, expectCompiled, input, KERNEL_TOLERANCE, webgpuAvailable } from './kernel-test-harness.js';
import { setMatMulAdapterClass } from './matmul-kernel.js';

const webgpu = await webgpuAvailable();

describe.skipIf(!webgpu)('fused dense with bias and the column-sum kernel (webgpu vs tfjs ops on cpu)', () => {
  afterEach(() => setMatMulAdapterClass('auto'));

  // 'software': tfjs's matmul + add forward as on lavapipe; 'hardware': the bias in the tiled matmul's
  // store, and split-K (the second shape: 2 x 2 medium tiles over K = 1,024) with the bias in its sum
  it.each([
    ['software', [3, 11, 20], [20, 37]],
    ['hardware', [3, 11, 20], [20, 37]],
    ['hardware', [1, 70, 1024], [1024, 100]],
  ] as const)('%s plan, x %j · W %j: output and gradients of x, W and b match', async (adapter, xShape, kShape) => {
    setMatMulAdapterClass(adapter);
    const outShape = [...xShape.slice(0, -1), kShape[1]];
    const f = (t: Record<string, tf.Tensor>) => {
      const loss = (x: tf.Tensor, k: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(dense(x, k, b), t.w));
      return [dense(t.x, t.k, t.b), ...tf.grads(loss)([t.x, t.k, t.b])];
    };
    const errors = await compareWithCpu(
      { x: input([...xShape], 1), k: input([...kShape], 2, 0.3), b: input([kShape[1]], 3), w: input(outShape, 4) },
      f,
    );
    expect(errors).toHaveLength(4);
    for (const e of errors) expect(e).toBeLessThan(KERNEL_TOLERANCE);
    expectCompiled('catlipColumnSum');
    if (adapter === 'hardware')
      expectCompiled(xShape[2] === 1024 ? 'catlipMatMulSplitSum_bias' : 'catlipMatMul_medium_NN_bias');
  });

  it.each([
    [5, 3],
    [300, 130],
    [4096, 70], // several row chunks, then the split sum
  ])('column sums of a [%i, %i] matrix match tf.sum(x, 0)', async (rows, cols) => {
    const errors = await compareWithCpu(
      { x: input([rows, cols], rows + cols) },
      (t) => [tf.sum(t.x, 0)],
      (t) => [columnSum(t.x as tf.Tensor2D)],
    );
    expect(errors[0]).toBeLessThan(KERNEL_TOLERANCE);
  });
});
