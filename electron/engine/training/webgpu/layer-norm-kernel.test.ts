import * as tf from '../../tfjs.js';
import { describe, expect, it } from 'vitest';
import { layerNorm } from '../model/ops.js';
import { compareWithCpu, expectCompiled, input, KERNEL_TOLERANCE, webgpuAvailable } from './kernel-test-harness.js';

const webgpu = await webgpuAvailable();

/** Output and the gradients of a weighted sum of it w.r.t. x, gamma and beta. */
function forwardAndGrads(t: Record<string, tf.Tensor>): tf.Tensor[] {
  const f = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.sum(tf.mul(layerNorm(x, gamma, beta), t.w));
  return [layerNorm(t.x, t.gamma, t.beta), ...tf.grads(f)([t.x, t.gamma, t.beta])];
}

describe.skipIf(!webgpu)('fused layer norm (webgpu vs tfjs ops on cpu)', () => {
  // 70 columns: not a multiple of the 64-thread row loop; 37 rows: not a multiple of the 16-row tile
  it.each([
    ['[2, 19, 70] odd sizes', [2, 19, 70]],
    ['[3, 5, 96] rank 3', [3, 5, 96]],
    ['[40, 8] narrow rows', [40, 8]],
    // more rows than workgroups per dispatch dimension (65535): tfjs re-shapes the grid to 2-D
    ['[66000, 2] re-shaped dispatch', [66000, 2]],
  ])('forward and backward match: %s', async (_, shape) => {
    const cols = shape[shape.length - 1];
    const errors = await compareWithCpu(
      {
        x: { shape, values: input(shape, 1, 3).values.map((v, i) => v + (i % 7)) }, // offset rows: exercises the centring
        gamma: input([cols], 2, 1.5),
        beta: input([cols], 3),
        w: input(shape, 4),
      },
      forwardAndGrads,
    );
    expect(errors).toHaveLength(4);
    for (const e of errors) expect(e).toBeLessThan(KERNEL_TOLERANCE);
    for (const k of [
      'catlipLayerNormStats',
      'catlipLayerNormApply',
      'catlipLayerNormInputGrad',
      'catlipLayerNormParamGrad',
    ])
      expectCompiled(k);
  });
});
