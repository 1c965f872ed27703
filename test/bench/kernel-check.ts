/**
 * `node dist/test/bench/kernel-check.js`: the fused WebGPU kernels against plain tfjs ops on the cpu
 * backend, at probe-like shapes, without vitest (the GPU host has only what `npm run pack:gpu-check`
 * packs). Prints one line per case and exits 1 if any relative error exceeds
 * 1e-4 or a case throws (`--plan hardware`: the GPU's matmul plan on a software adapter). The CI versions of these checks are electron/engine/training/webgpu/*.test.ts.
 */
import * as tf from '../../electron/engine/tfjs.js';
import { globalNormScale } from '../../electron/engine/training/model/grad-clip.js';
import { sigmoidBinaryCrossEntropy } from '../../electron/engine/training/model/losses.js';
import { causalMask, denseActivate, layerNorm, selfAttention } from '../../electron/engine/training/model/ops.js';
import { AdamW } from '../../electron/engine/training/model/optimizer.js';
import { ParamStore } from '../../electron/engine/training/model/params.js';
import {
  compareWithCpu,
  input,
  KERNEL_TOLERANCE,
  randomValues,
  relativeError,
  webgpuAvailable,
  type Inputs,
} from '../../electron/engine/training/webgpu/kernel-test-harness.js';
import { setKernelMode } from '../../electron/engine/training/webgpu/kernel-mode.js';
import { selectBackend } from '../../electron/engine/training/backends.js';
import { setMatMulAdapterClass, type AdapterClass } from '../../electron/engine/training/webgpu/matmul-kernel.js';
import { argValue } from './bench-util.js';

type Case = [name: string, inputs: Inputs, fn: (t: Record<string, tf.Tensor>) => tf.Tensor[]];

const W = 384;
const cases: Case[] = [
  [
    'layer norm [4096, 384] fwd+bwd',
    { x: input([4096, W], 1, 3), g: input([W], 2), b: input([W], 3), w: input([4096, W], 4) },
    (t) => {
      const f = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(layerNorm(x, g, b), t.w));
      return [layerNorm(t.x, t.g, t.b), ...tf.grads(f)([t.x, t.g, t.b])];
    },
  ],
  ...(['relu', 'gelu'] as const).map((act): Case => [
    `dense+bias+${act} [1024, 384]x[384, 1536] fwd+bwd`,
    { x: input([1024, W], 5), k: input([W, 4 * W], 6, 0.1), b: input([4 * W], 7), w: input([1024, 4 * W], 8) },
    (t) => {
      const f = (x: tf.Tensor, k: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(denseActivate(x, k, b, act), t.w));
      return [denseActivate(t.x, t.k, t.b, act), ...tf.grads(f)([t.x, t.k, t.b])];
    },
  ]),
  [
    'BCE with logits [256, 1000] fwd+bwd',
    {
      x: input([256, 1000], 9, 8),
      y: { shape: [256, 1000], values: new Float32Array(256000).map((_, i) => (i % 197 === 0 ? 1 : 0)) },
    },
    (t) => {
      const { value, grad } = tf.valueAndGrad((x: tf.Tensor) =>
        sigmoidBinaryCrossEntropy(x as tf.Tensor2D, t.y as tf.Tensor2D),
      )(t.x);
      return [value, grad];
    },
  ],
  ...(
    [
      [false, [16, 64, W]],
      [true, [16, 32, W]],
    ] as const
  ).map(([causal, shape]): Case => [
    `attention ${causal ? 'causal ' : ''}[${shape.join(', ')}] 4 heads fwd+bwd`,
    {
      x: input([...shape], 10),
      qk: input([W, 3 * W], 11, 0.1),
      qb: input([3 * W], 12, 0.1),
      ok: input([W, W], 13, 0.1),
      ob: input([W], 14, 0.1),
      w: input([...shape], 15),
    },
    (t) => {
      const mask = causal ? causalMask(shape[1]) : undefined;
      const f = (x: tf.Tensor, qk: tf.Tensor, qb: tf.Tensor, ok: tf.Tensor, ob: tf.Tensor) =>
        selfAttention(x as tf.Tensor3D, 4, qk, qb, ok, ob, mask);
      const loss = (...a: tf.Tensor[]) => tf.sum(tf.mul(f(a[0], a[1], a[2], a[3], a[4]), t.w));
      return [f(t.x, t.qk, t.qb, t.ok, t.ob), ...tf.grads(loss)([t.x, t.qk, t.qb, t.ok, t.ob])];
    },
  ]),
  // the tiled matmul where the adapter plans it (a GPU; software adapters keep tfjs's kernel): 4,096 rows
  // of the qkv projection take the 128x128 tiling, its weight gradient split-K
  [
    'matmul [4096, 384]x[384, 1152] x·W, dY·Wᵀ, xᵀ·dY',
    { x: input([4096, W], 16), w: input([W, 3 * W], 17, 0.1), dy: input([4096, 3 * W], 18) },
    (t) => [tf.matMul(t.x, t.w), tf.matMul(t.dy, t.w, false, true), tf.matMul(t.x, t.dy, true, false)],
  ],
  [
    'matmul batched [64, 64, 96]x[64, 96, 64] and a ragged [1000, 37]x[37, 300]',
    { a: input([64, 64, 96], 19), b: input([64, 96, 64], 20), c: input([1000, 37], 21), d: input([37, 300], 22) },
    (t) => [tf.matMul(t.a, t.b), tf.matMul(t.c, t.d)],
  ],
  [
    'global norm over 20 gradients (probe block shapes)',
    Object.fromEntries(
      [[W, 3 * W], [3 * W], [W, W], [W], [W, 4 * W], [4 * W], [4 * W, W], [W], [W], [W]].flatMap((s, i) => [
        [`a${i}`, input(s, 20 + i, 0.01)],
        [`b${i}`, input(s, 40 + i, 0.01)],
      ]),
    ),
    (t) => {
      const r = globalNormScale(Object.values(t), 1);
      return [r.norm, r.scale];
    },
  ],
];

/** Three AdamW steps on a [384, 1536] kernel and a bias: fused on webgpu vs tfjs ops on cpu. */
async function adamw(backend: 'cpu' | 'webgpu'): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  setKernelMode(backend === 'webgpu' ? 'fused' : undefined);
  const params = ParamStore.create(
    [
      { name: 'fc/kernel', shape: [W, 4 * W], init: { kind: 'normal', std: 0.02 } },
      { name: 'fc/bias', shape: [4 * W], init: { kind: 'zeros' } },
    ],
    1,
  );
  const opt = new AdamW(params, {
    schedule: { baseLr: 1e-3, minLr: 0, warmupSteps: 0, warmupStartLr: 0, totalSteps: 10 },
    weightDecay: 0.2,
  });
  for (let s = 0; s < 3; s++)
    tf.tidy(() =>
      opt.applyGradients(
        params.variables().map((v, i) => tf.tensor(randomValues(v.size, 60 + 2 * s + i, 0.01), v.shape)),
        1e-3,
        tf.scalar(0.5),
      ),
    );
  const out = await Promise.all(params.variables().map(async (v) => Float32Array.from(await v.data())));
  opt.dispose();
  params.dispose();
  setKernelMode(undefined);
  await tf.setBackend('cpu');
  return out;
}

// --plan hardware: the matmul plan of a GPU on a software adapter too (which otherwise keeps tfjs's kernel)
setMatMulAdapterClass(argValue('plan', 'auto') as AdapterClass);
if (!(await webgpuAvailable())) throw new Error('no WebGPU adapter');
const choice = await selectBackend('webgpu');
console.log(
  `kernel check on ${choice.device}, tolerance ${KERNEL_TOLERANCE} (max |fused - tfjs cpu| / max |tfjs cpu|)`,
);
await tf.setBackend('cpu');
let failed = 0;
const report = (name: string, errors: number[], ms: number) => {
  const worst = Math.max(...errors);
  const ok = worst <= KERNEL_TOLERANCE;
  if (!ok) failed++;
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${name}: max rel err ${worst.toExponential(2)} over ${errors.length} outputs (${ms.toFixed(0)} ms)`,
  );
};
for (const [name, inputs, fn] of cases) {
  const t = performance.now();
  try {
    report(name, await compareWithCpu(inputs, fn), performance.now() - t);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${(e as Error).message.split('\n')[0]}`);
  }
}
{
  const t = performance.now();
  const [cpu, gpu] = [await adamw('cpu'), await adamw('webgpu')];
  report(
    'AdamW 3 steps, [384, 1536] kernel (decayed) + bias',
    gpu.map((g, i) => relativeError(g, cpu[i])),
    performance.now() - t,
  );
}
console.log(failed ? `${failed} kernel check(s) failed` : 'all kernel checks passed');
process.exit(failed ? 1 : 0);
