import * as tf from '../../tfjs.js';
import { describe, expect, it } from 'vitest';
import { sigmoidBinaryCrossEntropy } from '../model/losses.js';
import { compareWithCpu, expectCompiled, input, KERNEL_TOLERANCE, webgpuAvailable } from './kernel-test-harness.js';

const webgpu = await webgpuAvailable();

/** Loss and its gradient w.r.t. the logits, scaled by 3 to check that dy is applied. */
function lossAndGrad(t: Record<string, tf.Tensor>): tf.Tensor[] {
  const f = (x: tf.Tensor) => tf.mul(sigmoidBinaryCrossEntropy(x as tf.Tensor2D, t.y as tf.Tensor2D), 3);
  const { value, grad } = tf.valueAndGrad(f)(t.x);
  return [value, grad];
}

describe.skipIf(!webgpu)('fused sigmoid BCE with logits (webgpu vs tfjs ops on cpu)', () => {
  it.each([
    ['[5, 77]', [5, 77]],
    ['[3, 1000] with large logits', [3, 1000]],
  ])('loss and gradient match: %s', async (_, shape) => {
    const n = shape[0] * shape[1];
    const targets = new Float32Array(n).map((_, i) => ((i * 7919) % 13 < 3 ? 1 : 0));
    // logits up to ±30: exp(-|x|) underflows nowhere harmful, sigmoid saturates
    const errors = await compareWithCpu(
      { x: input(shape, 5, shape[1] > 100 ? 30 : 4), y: { shape, values: targets } },
      lossAndGrad,
    );
    expect(errors).toHaveLength(2);
    for (const e of errors) expect(e).toBeLessThan(KERNEL_TOLERANCE);
    expectCompiled('catlipBceRowSum');
    expectCompiled('catlipBceGrad');
  });
});
