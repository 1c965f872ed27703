import * as tf from '../../tfjs.js';
import { describe, expect, it } from 'vitest';
import { causalMask, selfAttention } from '../model/ops.js';
import { compareWithCpu, expectCompiled, input, KERNEL_TOLERANCE, webgpuAvailable } from './kernel-test-harness.js';

const webgpu = await webgpuAvailable();

/** selfAttention's output and the gradients of a weighted sum of it w.r.t. x and all four weights. */
function attentionAndGrads(heads: number, causal: boolean) {
  return (t: Record<string, tf.Tensor>) => {
    const mask = causal ? causalMask(t.x.shape[1]!) : undefined;
    const f = (x: tf.Tensor, qk: tf.Tensor, qb: tf.Tensor, ok: tf.Tensor, ob: tf.Tensor) =>
      selfAttention(x as tf.Tensor3D, heads, qk, qb, ok, ob, mask);
    const loss = (...a: tf.Tensor[]) => tf.sum(tf.mul(f(a[0], a[1], a[2], a[3], a[4]), t.w));
    return [f(t.x, t.qk, t.qb, t.ok, t.ob), ...tf.grads(loss)([t.x, t.qk, t.qb, t.ok, t.ob])];
  };
}

describe.skipIf(!webgpu)('fused attention (webgpu vs tfjs ops on cpu)', () => {
  it.each([
    // 70 tokens: more keys than the 64-thread row workgroup; head dim 6
    ['no mask, 3 heads, 70 tokens', 3, false, [2, 70, 18]],
    ['causal mask, 2 heads, 9 tokens', 2, true, [3, 9, 16]],
  ] as const)('output and gradients match: %s', async (_, heads, causal, shape) => {
    const [, , width] = shape;
    const errors = await compareWithCpu(
      {
        x: input([...shape], 1),
        qk: input([width, 3 * width], 2, 0.5),
        qb: input([3 * width], 3, 0.1),
        ok: input([width, width], 4, 0.5),
        ob: input([width], 5, 0.1),
        w: input([...shape], 6),
      },
      attentionAndGrads(heads, causal),
    );
    expect(errors).toHaveLength(6);
    for (const e of errors) expect(e).toBeLessThan(KERNEL_TOLERANCE);
    for (const k of [
      'catlipAttentionProbs',
      'catlipAttentionOutput',
      'catlipAttentionScoreGrad',
      'catlipAttentionQkvGrad',
    ])
      expectCompiled(k);
  });
});
