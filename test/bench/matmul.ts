/**
 * `npm run bench:matmul -- --backend webgpu [--config tiny|probe] [--reps N] [--plan auto|hardware] [--tilings all]`:
 * every matmul shape of one image-encoder training step (forward x·W, backward dX = dY·Wᵀ and
 * dW = xᵀ·dY of each dense layer), timed with tfjs-backend-webgpu's own kernel and with the tiled
 * kernel (matmul-kernel.ts), in GFLOP/s, and summed to the matmul time of a whole step (the encoder
 * part; CatLIP's head and CLIP's text tower come on top). Answers, before a full training bench, how
 * much of the step budget of the 2,100 img/s target (122 ms per probe step of 256) the matmuls
 * alone take. `--plan hardware` runs the GPU plan on a software adapter (which otherwise keeps
 * tfjs's kernel), to check the kernel there; its numbers say nothing about a GPU. `--tilings all` adds a
 * line per tiling (128x128, 64x64) with and without split-K under each shape, to tune planMatMul.
 */
import * as tf from '../../electron/engine/tfjs.js';
import { selectBackend, type BackendRequest } from '../../electron/engine/training/backends.js';
import { vitPreset, type VitPresetName } from '../../electron/engine/training/model/model-presets.js';
import { setKernelMode } from '../../electron/engine/training/webgpu/kernel-mode.js';
import {
  activeMatMulPlan,
  LARGE_TILING,
  MEDIUM_TILING,
  planWith,
  setMatMulAdapterClass,
  tiledBatchMatMul,
  type AdapterClass,
  type MatMulPlan,
} from '../../electron/engine/training/webgpu/matmul-kernel.js';
import { webgpuBackend } from '../../electron/engine/training/webgpu/webgpu-backend.js';
import { deviceIdle } from '../../electron/engine/training/webgpu/profiling.js';
import { argValue, configArg, machine } from './bench-util.js';

const CONFIGS = { tiny: { model: 'vit-tiny', batch: 32 }, probe: { model: 'probe', batch: 256 } } as const;
const { name: configName, config: cfg } = configArg(CONFIGS);
const reps = Number(argValue('reps', configName === 'probe' ? '20' : '5'));
const plan = argValue('plan', 'auto') as AdapterClass;
// --tilings all: also every tiling with and without split-K per shape, to tune planMatMul from one run
const allTilings = argValue('tilings', 'auto') === 'all';

interface Shape {
  name: string;
  m: number;
  n: number;
  k: number;
  transposeA: boolean;
  transposeB: boolean;
  /** How often a step runs it. */
  perStep: number;
}

/** The three matmuls of each dense layer [rows, in] -> [rows, out], `count` such layers per step. */
function denseShapes(name: string, rows: number, inDim: number, outDim: number, count: number): Shape[] {
  return [
    { name: `${name} x·W`, m: rows, n: outDim, k: inDim, transposeA: false, transposeB: false, perStep: count },
    { name: `${name} dY·Wᵀ`, m: rows, n: inDim, k: outDim, transposeA: false, transposeB: true, perStep: count },
    { name: `${name} xᵀ·dY`, m: inDim, n: outDim, k: rows, transposeA: true, transposeB: false, perStep: count },
  ];
}

function stepShapes(): Shape[] {
  const e = vitPreset(cfg.model as VitPresetName);
  const tokens = (e.imageSize / e.patchSize) ** 2 + (e.pool === 'cls' ? 1 : 0);
  const rows = cfg.batch * tokens;
  const d = e.width;
  const hidden = d * e.mlpRatio;
  return [
    ...denseShapes('patch', cfg.batch * (e.imageSize / e.patchSize) ** 2, e.patchSize * e.patchSize * 3, d, 1),
    ...denseShapes('qkv', rows, d, 3 * d, e.depth),
    ...denseShapes('attn-out', rows, d, d, e.depth),
    ...denseShapes('mlp-up', rows, d, hidden, e.depth),
    ...denseShapes('mlp-down', rows, hidden, d, e.depth),
  ];
}

/** tf.matMul through whichever BatchMatMul kernel the kernel mode selects. */
const viaMatMul = (s: Shape) => (a: tf.Tensor2D, b: tf.Tensor2D) => tf.matMul(a, b, s.transposeA, s.transposeB);

/** The tiled kernel with a given plan, bypassing planMatMul. */
const viaPlan = (s: Shape, plan: MatMulPlan) => (a: tf.Tensor2D, b: tf.Tensor2D) =>
  tf
    .engine()
    .makeTensorFromTensorInfo(
      tiledBatchMatMul(
        webgpuBackend() as Parameters<typeof tiledBatchMatMul>[0],
        a,
        b,
        s.transposeA,
        s.transposeB,
        undefined,
        plan,
      )!,
    );

/** Milliseconds per matmul (mean of `reps` back-to-back, after 2 warm-ups), device time included. */
async function timeMatMul(
  s: Shape,
  matMul: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor = viaMatMul(s),
): Promise<number> {
  const a = tf.randomUniform(s.transposeA ? [s.k, s.m] : [s.m, s.k], -1, 1, 'float32', 1) as tf.Tensor2D;
  const b = tf.randomUniform(s.transposeB ? [s.n, s.k] : [s.k, s.n], -1, 1, 'float32', 2) as tf.Tensor2D;
  const once = () => matMul(a, b).dispose();
  once();
  once();
  await deviceIdle();
  const t = performance.now();
  for (let i = 0; i < reps; i++) once();
  await deviceIdle();
  const ms = (performance.now() - t) / reps;
  tf.dispose([a, b]);
  return ms;
}

const choice = await selectBackend(argValue('backend', 'webgpu') as BackendRequest);
if (choice.backend !== 'webgpu')
  throw new Error(`bench:matmul measures the webgpu kernels; the backend is ${choice.backend}`);
console.log(`machine: ${machine()}`);
console.log(
  `backend webgpu on ${choice.device}; config ${configName} (${cfg.model}, batch ${cfg.batch}); mean of ${reps} after 2 warm-up; plan ${plan}\n`,
);
setMatMulAdapterClass(plan);
const rows: Array<Shape & { tfjsMs: number; tiledMs: number; planText: string }> = [];
console.log('shape                      m x n x k                  tfjs ms  GFLOP/s   tiled ms  GFLOP/s  plan');
for (const s of stepShapes()) {
  setKernelMode('tfjs');
  const tfjsMs = await timeMatMul(s);
  const p = activeMatMulPlan(1, s.m, s.n, s.k);
  setKernelMode('fused');
  // no plan: the installed kernel hands this matmul to tfjs's own, so there is nothing else to time
  const tiledMs = p ? await timeMatMul(s) : NaN;
  const planText = p
    ? `${p.tiling.name}${p.splits > 1 ? ` split-K ${p.splits}` : ''}`
    : "software adapter: tfjs's kernel (--plan hardware times the tiled one)";
  rows.push({ ...s, tfjsMs, tiledMs, planText });
  const gflops = (ms: number) => (Number.isNaN(ms) ? '-' : ((2 * s.m * s.n * s.k) / ms / 1e6).toFixed(0)).padStart(7);
  const ms = (value: number) => (Number.isNaN(value) ? '-' : value.toFixed(3));
  console.log(
    `${s.name.padEnd(26)} ${`${s.m} x ${s.n} x ${s.k}`.padEnd(24)} ${ms(tfjsMs).padStart(8)} ${gflops(tfjsMs)}  ${ms(tiledMs).padStart(9)} ${gflops(tiledMs)}  ${planText}`,
  );
  if (allTilings) {
    const seen = new Set<string>();
    for (const tiling of [LARGE_TILING, MEDIUM_TILING]) {
      for (const splitK of [false, true]) {
        const forced = planWith(tiling, 1, s.m, s.n, s.k, splitK);
        const key = `${tiling.name}${forced.splits > 1 ? ` split-K ${forced.splits}` : ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const forcedMs = await timeMatMul(s, viaPlan(s, forced));
        console.log(
          `${''.padEnd(51)} ${''.padStart(8)} ${''.padStart(7)}  ${ms(forcedMs).padStart(9)} ${gflops(forcedMs)}  ${key}`,
        );
      }
    }
  }
}
setKernelMode(undefined);
setMatMulAdapterClass('auto');
const total = (key: 'tfjsMs' | 'tiledMs') => rows.reduce((sum, r) => sum + r[key] * r.perStep, 0);
const flop = rows.reduce((sum, r) => sum + 2 * r.m * r.n * r.k * r.perStep, 0);
const tiled = rows.every((r) => !Number.isNaN(r.tiledMs));
console.log(
  `\nencoder matmuls per step: ${(flop / 1e9).toFixed(1)} GFLOP; tfjs kernel ${total('tfjsMs').toFixed(1)} ms${tiled ? `, tiled ${total('tiledMs').toFixed(1)} ms (${(total('tfjsMs') / total('tiledMs')).toFixed(2)}x)` : ''}`,
);
console.log(
  `img/s if a step were only these matmuls: tfjs ${((cfg.batch * 1000) / total('tfjsMs')).toFixed(0)}${tiled ? `, tiled ${((cfg.batch * 1000) / total('tiledMs')).toFixed(0)}` : ''}`,
);
console.log(
  JSON.stringify({
    config: configName,
    device: choice.device,
    plan,
    reps,
    stepGflop: flop / 1e9,
    tfjsMs: total('tfjsMs'),
    tiledMs: total('tiledMs'),
    shapes: rows,
  }),
);
