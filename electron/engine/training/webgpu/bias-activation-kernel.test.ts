import * as tf from '../../tfjs.js';
import { describe, expect, it } from 'vitest';
import { denseActivate, type Activation } from '../model/ops.js';
import { compareWithCpu, expectCompiled, input, KERNEL_TOLERANCE, webgpuAvailable } from './kernel-test-harness.js';

const webgpu = await webgpuAvailable();

describe.skipIf(!webgpu)('fused bias + activation (webgpu vs tfjs ops on cpu)', () => {
  it.each(['gelu', 'relu'] as Activation[])(
    'denseActivate %s: output and gradients of x, kernel and bias match',
    async (activation) => {
      const f = (t: Record<string, tf.Tensor>) => {
        const loss = (x: tf.Tensor, k: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(denseActivate(x, k, b, activation), t.w));
        return [denseActivate(t.x, t.k, t.b, activation), ...tf.grads(loss)([t.x, t.k, t.b])];
      };
      const errors = await compareWithCpu(
        { x: input([2, 7, 12], 1, 2), k: input([12, 33], 2), b: input([33], 3), w: input([2, 7, 33], 4) },
        f,
      );
      expect(errors).toHaveLength(4);
      for (const e of errors) expect(e).toBeLessThan(KERNEL_TOLERANCE);
      expectCompiled(`catlipBiasActivation_${activation}_value`);
      expectCompiled(`catlipBiasActivation_${activation}_grad`);
    },
  );
});
