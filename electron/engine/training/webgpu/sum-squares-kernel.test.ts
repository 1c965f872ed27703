import * as tf from '../../tfjs.js';
import { describe, expect, it } from 'vitest';
import { globalNormScale } from '../model/grad-clip.js';
import { compareWithCpu, expectCompiled, input, KERNEL_TOLERANCE, webgpuAvailable } from './kernel-test-harness.js';

const webgpu = await webgpuAvailable();

describe.skipIf(!webgpu)('fused sum of squares / global norm (webgpu vs tfjs ops on cpu)', () => {
  it('norm and clipping scale of 17 gradients (3 dispatch groups, sizes from 1 to 70k) match', async () => {
    const shapes = [
      [1],
      [3],
      [257, 300],
      [64],
      [5, 7],
      [2, 3, 4],
      [1000],
      [9],
      [40, 41],
      [1],
      [2],
      [3],
      [4],
      [5],
      [6],
      [7],
      [8],
    ];
    const inputs = Object.fromEntries(shapes.map((s, i) => [`g${i}`, input(s, i + 1, 0.1)]));
    const f = (t: Record<string, tf.Tensor>) => {
      const { norm, scale } = globalNormScale(Object.values(t), 1);
      return [norm, scale];
    };
    const errors = await compareWithCpu(inputs, f);
    for (const e of errors) expect(e).toBeLessThan(KERNEL_TOLERANCE);
    expectCompiled('catlipSumSquares_7');
    expectCompiled('catlipSumSquares_3');
  });
});
