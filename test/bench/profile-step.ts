/**
 * `npm run bench:profile -- --backend webgpu [--config tiny|probe] [--objective catlip|clip|both]
 * [--kernels fused|tfjs|both] [--steps N] [--batch N] [--top N] [--plan auto|hardware]
 * [--submit-batch N[,N...|step]] [--phases on|off]`: where one training step's time goes. For each kernel
 * mode (and each submit batch: dispatches per command buffer while a step is recorded, `step` for one
 * buffer per step; default the trainer's) it builds the model and optimizer as a run does (synthetic
 * batch: random pixels, labels and tokens, so no dataset is needed), warms up, then
 *   - times whole steps (trainStep, unprofiled, median) -> img/s, and counts per step on webgpu the
 *     dispatches, compute passes, queue submits, GPU->CPU reads and the time between submits, and the GPU buffer pool;
 *   - profiles the phases forward / forward+backward / clip-norm / optimizer separately under
 *     tf.time: per-program GPU time from timestamp queries and dispatch counts (`--phases off` skips this).
 * The profiled phases serialise the dispatches (one pass per program), so their sum exceeds the
 * unprofiled step; use the unprofiled step time for throughput and the profile for the shares.
 */
import * as tf from '../../electron/engine/tfjs.js';
import { selectBackend, type BackendRequest } from '../../electron/engine/training/backends.js';
import { globalNormScale, clipByGlobalNorm } from '../../electron/engine/training/model/grad-clip.js';
import type { ImageBatch, PretrainingModel } from '../../electron/engine/training/model/objective-types.js';
import { createModel } from '../../electron/engine/training/model/objectives.js';
import { textPreset, vitPreset, type VitPresetName } from '../../electron/engine/training/model/model-presets.js';
import { AdamW } from '../../electron/engine/training/model/optimizer.js';
import { trainStep } from '../../electron/engine/training/model/train-step.js';
import { setKernelMode, useFusedKernels, type KernelMode } from '../../electron/engine/training/webgpu/kernel-mode.js';
import { deviceIdle, profilePhase, type PhaseProfile } from '../../electron/engine/training/webgpu/profiling.js';
import {
  medianSubmitGapMs,
  watchDeviceTraffic,
  type DeviceTraffic,
} from '../../electron/engine/training/webgpu/device-traffic.js';
import { setTrainingSubmitBatch, trainingSubmitBatch } from '../../electron/engine/training/webgpu/submit-batch.js';
import { setMatMulAdapterClass, type AdapterClass } from '../../electron/engine/training/webgpu/matmul-kernel.js';
import { argValue, configArg, machine } from './bench-util.js';

const CONFIGS = {
  tiny: { model: 'vit-tiny', batch: 32, classes: 1000, vocab: 1000 },
  probe: { model: 'probe', batch: 256, classes: 1000, vocab: 8000 },
} as const;

const { name: configName, config } = configArg(CONFIGS);
// --batch N: a smaller batch keeps the architecture (and so the dispatch counts) on a slow adapter
const cfg = { ...config, batch: Number(argValue('batch', String(config.batch))) };
const objectives =
  argValue('objective', 'both') === 'both'
    ? (['catlip', 'clip'] as const)
    : ([argValue('objective', 'catlip')] as ('catlip' | 'clip')[]);
const modes: KernelMode[] =
  argValue('kernels', 'both') === 'both' ? ['tfjs', 'fused'] : [argValue('kernels', 'fused') as KernelMode];
const steps = Number(argValue('steps', '5'));
/** --top N: how many programs to list (by GPU time). */
const topCount = Number(argValue('top', '12'));
const submitBatches = argValue('submit-batch', String(trainingSubmitBatch()))
  .split(',')
  .map((v) => (v === 'step' ? Infinity : Number(v)));
const phasesOn = argValue('phases', 'on') !== 'off';
// --plan hardware: the matmul plan of a GPU on a software adapter (dispatch counts as a GPU would run them)
setMatMulAdapterClass(argValue('plan', 'auto') as AdapterClass);

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function buildRun(objective: 'catlip' | 'clip') {
  const encoder = vitPreset(cfg.model as VitPresetName);
  const model =
    objective === 'catlip'
      ? createModel({ objective, encoder, numClasses: cfg.classes, seed: 1 })
      : createModel({
          objective,
          encoder,
          text: { ...textPreset(cfg.model as VitPresetName), vocabSize: cfg.vocab },
          seed: 1,
        });
  const optimizer = new AdamW(model.variables, {
    schedule: { baseLr: 1e-3, minLr: 1e-5, warmupSteps: 2, warmupStartLr: 1e-6, totalSteps: 1000 },
    beta2: objective === 'clip' ? 0.98 : 0.999,
    weightDecay: 0.2,
    clipNorm: 1,
  });
  const rand = lcg(7);
  const images = tf.randomUniform(
    [cfg.batch, encoder.imageSize, encoder.imageSize, 3],
    -1,
    1,
    'float32',
    3,
  ) as tf.Tensor4D;
  const context = textPreset(cfg.model as VitPresetName).contextLength;
  const batch =
    objective === 'catlip'
      ? {
          images,
          labels: Array.from({ length: cfg.batch }, () =>
            Array.from({ length: 4 }, () => Math.floor(rand() * cfg.classes)),
          ),
        }
      : {
          images,
          tokens: Array.from({ length: cfg.batch }, () =>
            Int32Array.from({ length: context }, (_, i) =>
              i < context - 4 ? 1 + Math.floor(rand() * (cfg.vocab - 1)) : 0,
            ),
          ),
        };
  return { model: model as unknown as PretrainingModel<ImageBatch>, optimizer, batch: batch as ImageBatch };
}

/** Per-step device traffic of the timed steps (identical every step: the median is the count). */
function trafficPerStep(perStep: DeviceTraffic[]) {
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    dispatches: median(perStep.map((t) => t.dispatches)),
    passes: median(perStep.map((t) => t.passes)),
    submits: median(perStep.map((t) => t.submits)),
    reads: median(perStep.map((t) => t.reads)),
    submitGapMs: median(perStep.map((t) => medianSubmitGapMs(t.submitTimes))),
    gpuPoolMiB: ((tf.memory() as { numBytesAllocatedInGPU?: number }).numBytesAllocatedInGPU ?? 0) / 2 ** 20,
  };
}

async function profileMode(objective: 'catlip' | 'clip', mode: KernelMode, submitBatch: number) {
  setKernelMode(mode);
  setTrainingSubmitBatch(submitBatch);
  const { model, optimizer, batch } = buildRun(objective);
  for (let i = 0; i < 2; i++) await trainStep(model, batch, optimizer, i);
  const times: number[] = [];
  const perStep: DeviceTraffic[] = [];
  for (let i = 0; i < steps; i++) {
    await deviceIdle();
    const watch = tf.getBackend() === 'webgpu' ? watchDeviceTraffic() : undefined;
    const t = performance.now();
    await trainStep(model, batch, optimizer, 2 + i);
    times.push(performance.now() - t);
    if (watch) perStep.push(watch.take());
    watch?.stop();
  }
  times.sort((a, b) => a - b);
  const stepMs = times[Math.floor(times.length / 2)];
  const traffic = perStep.length ? trafficPerStep(perStep) : undefined;
  setTrainingSubmitBatch(undefined);
  if (!phasesOn) {
    batch.images.dispose();
    optimizer.dispose();
    model.dispose();
    setKernelMode(undefined);
    return { stepMs, imgPerSec: (cfg.batch * 1000) / stepMs, traffic, phases: [], fbPrograms: [], optPrograms: [] };
  }
  const variables = model.variables.entries().map(([, v]) => v);
  const phases: PhaseProfile[] = [];
  phases.push(await profilePhase('forward', () => tf.dispose(tf.tidy(() => model.loss(batch)))));
  let grads: tf.Tensor[] = [];
  phases.push(
    await profilePhase('forward+backward', () => {
      const r = tf.variableGrads(() => model.loss(batch) as tf.Scalar, variables);
      r.value.dispose();
      grads = variables.map((v) => r.grads[v.name] ?? tf.zerosLike(v));
    }),
  );
  let scale: tf.Tensor | undefined;
  let clipped: tf.Tensor[] = grads;
  phases.push(
    await profilePhase('clip-norm', () => {
      if (useFusedKernels()) {
        const r = globalNormScale(grads, 1);
        scale = r.scale;
        r.norm.dispose();
      } else {
        const r = clipByGlobalNorm(grads, 1);
        clipped = r.clipped;
        r.norm.dispose();
      }
    }),
  );
  phases.push(await profilePhase('optimizer', () => optimizer.applyGradients(clipped, 1e-4, scale)));
  tf.dispose([...grads, ...(clipped === grads ? [] : clipped), ...(scale ? [scale] : [])]);
  const forward = phases[0];
  const fb = phases[1];
  phases.splice(1, 1, {
    ...fb,
    phase: 'backward (fb - forward)',
    wallMs: fb.wallMs - forward.wallMs,
    kernelMs: fb.kernelMs - forward.kernelMs,
    dispatches: fb.dispatches - forward.dispatches,
    programs: fb.programs,
  });
  batch.images.dispose();
  optimizer.dispose();
  model.dispose();
  setKernelMode(undefined);
  return {
    stepMs,
    imgPerSec: (cfg.batch * 1000) / stepMs,
    traffic,
    phases,
    fbPrograms: fb.programs,
    optPrograms: phases[3].programs,
  };
}

const choice = await selectBackend(argValue('backend', 'webgpu') as BackendRequest);
console.log(`machine: ${machine()}`);
console.log(
  `backend ${choice.backend} on ${choice.device}; config ${configName} (${cfg.model}, batch ${cfg.batch}); median of ${steps} steps after 2 warm-up`,
);
const summary: Record<string, unknown>[] = [];
for (const objective of objectives) {
  for (const mode of modes) {
    for (const submitBatch of submitBatches) {
      const r = await profileMode(objective, mode, submitBatch);
      const batchName = Number.isFinite(submitBatch) ? String(submitBatch) : 'step';
      console.log(
        `\n== ${objective}, kernels ${mode}, submit batch ${batchName}: ${r.stepMs.toFixed(1)} ms/step, ${r.imgPerSec.toFixed(1)} img/s (unprofiled)`,
      );
      if (r.traffic)
        console.log(
          `per step: ${r.traffic.dispatches} dispatches in ${r.traffic.passes} compute passes, ${r.traffic.submits} submits, ${r.traffic.reads} GPU->CPU reads; median ${r.traffic.submitGapMs.toFixed(2)} ms between submits; GPU buffer pool ${r.traffic.gpuPoolMiB.toFixed(1)} MiB`,
        );
      if (r.phases.length) {
        console.log('phase                      wall ms   GPU ms  dispatches');
        for (const p of r.phases)
          console.log(
            `${p.phase.padEnd(26)} ${p.wallMs.toFixed(1).padStart(8)} ${p.kernelMs.toFixed(1).padStart(8)} ${String(p.dispatches).padStart(10)}`,
          );
        const top = [...r.fbPrograms, ...r.optPrograms].sort((a, b) => b.ms - a.ms).slice(0, topCount);
        console.log('top programs (forward+backward, optimizer): GPU ms, count');
        for (const p of top)
          console.log(`  ${p.name.padEnd(40)} ${p.ms.toFixed(2).padStart(8)} ${String(p.count).padStart(6)}`);
      }
      summary.push({
        objective,
        kernels: mode,
        submit_batch: batchName,
        step_ms: r.stepMs,
        img_per_s: r.imgPerSec,
        traffic: r.traffic,
        phases: r.phases.map(({ phase, wallMs, kernelMs, dispatches }) => ({ phase, wallMs, kernelMs, dispatches })),
      });
    }
  }
}
console.log(JSON.stringify({ config: configName, backend: choice.backend, device: choice.device, results: summary }));
