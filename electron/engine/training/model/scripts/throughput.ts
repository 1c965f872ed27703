/**
 * Training throughput (img/s) of CatLIP, CLIP and SuperClass for a preset, with the full step
 * (augmentation excluded: fixed random batch): loss + grads + clipping + AdamW + EMA + read-back.
 * Also prints each objective's first loss, so two backends can be checked against each other.
 *
 *   npx vite-node electron/engine/training/model/scripts/throughput.ts [preset] [batch] [steps]
 *   TF_BACKEND=webgpu ... runs on WebGPU through Dawn (`webgpu` package): a GPU, or Mesa lavapipe.
 */
import * as tf from '../../../tfjs.js';
import { isVitPresetName, textPreset, vitPreset } from '../model-presets.js';
import type { AnyPretrainingModel, CaptionBatch, LabelBatch } from '../objective-types.js';
import { createModel } from '../objectives.js';
import { AdamW } from '../optimizer.js';
import { Rng } from '../rng.js';
import { EOT_ID, SOT_ID } from '../tokenizer.js';
import { trainStep } from '../train-step.js';

const preset = process.argv[2] ?? 'vit-tiny';
const batchSize = Number(process.argv[3] ?? 32);
const steps = Number(process.argv[4] ?? 10);
const numClasses = Number(process.env.CLASSES ?? 1000); // the reference timings' V = 1000
const vocabSize = Number(process.env.VOCAB ?? 8000); // the reference timings' text vocabulary
if (!isVitPresetName(preset)) throw new Error(`unknown preset ${preset}`);

async function useBackend(name: string): Promise<string> {
  if (name === 'webgpu') {
    const dawn = (await import('webgpu')) as unknown as {
      create(flags: string[]): {
        requestAdapter(): Promise<{ info: { vendor: string; description: string; device: string } } | null>;
      };
      globals: object;
    };
    const gpu = dawn.create([]);
    const adapter = await gpu.requestAdapter();
    if (!adapter) throw new Error('Dawn found no WebGPU adapter');
    Object.assign(globalThis, dawn.globals);
    Object.defineProperty(((globalThis as { navigator?: object }).navigator ??= {}), 'gpu', {
      value: gpu,
      configurable: true,
    });
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start the webgpu backend');
    return `webgpu (${adapter.info.vendor}: ${adapter.info.description || adapter.info.device})`;
  }
  if (!(await tf.setBackend(name))) throw new Error(`tfjs could not start the ${name} backend`);
  return name;
}

function buildModel(objective: AnyPretrainingModel['objective']): AnyPretrainingModel {
  const encoder = vitPreset(preset as never);
  if (objective === 'clip')
    return createModel({ objective, encoder, text: { ...textPreset(preset as never), vocabSize }, seed: 1 });
  return createModel({ objective, encoder, numClasses: objective === 'catlip' ? numClasses : vocabSize, seed: 1 });
}

const device = await useBackend(process.env.TF_BACKEND ?? 'cpu');
const encoder = vitPreset(preset);
const context = textPreset(preset).contextLength;
const rng = new Rng(7);
const images = tf.randomNormal([batchSize, encoder.imageSize, encoder.imageSize, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
const labels = Array.from({ length: batchSize }, () => Array.from({ length: 3 }, () => rng.int(numClasses)));
const tokens = Array.from({ length: batchSize }, () => {
  const ids = new Int32Array(context);
  const length = 3 + rng.int(context - 4);
  ids[0] = SOT_ID;
  for (let i = 1; i <= length; i++) ids[i] = 4 + rng.int(vocabSize - 4);
  ids[length + 1] = EOT_ID;
  return ids;
});

console.log(`${device}; preset ${preset}, batch ${batchSize}, ${steps} timed steps`);
for (const objective of ['catlip', 'clip', 'superclass'] as const) {
  const model = buildModel(objective);
  const opt = new AdamW(model.variables, {
    schedule: { baseLr: 1e-3, minLr: 1e-5, warmupSteps: 10, warmupStartLr: 1e-6, totalSteps: 1000 },
    weightDecay: 0.2,
    clipNorm: 1,
    emaMomentum: 5e-4,
  });
  const run = (i: number) =>
    model.objective === 'catlip'
      ? trainStep<LabelBatch>(model, { images, labels }, opt, i)
      : trainStep<CaptionBatch>(model, { images, tokens }, opt, i);
  const first = await run(0);
  await run(1);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < steps; i++) await run(i + 2);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  // Images per CPU-second of this process: comparable across runs on a shared, loaded machine.
  const perCpuSecond = (steps * batchSize) / ((cpu.user + cpu.system) / 1e6);
  console.log(
    `${objective.padEnd(10)} ${((steps * batchSize) / seconds).toFixed(1).padStart(8)} img/s  ` +
      `(${perCpuSecond.toFixed(1)} img per CPU-s)  ` +
      `${((seconds / steps) * 1000).toFixed(0)} ms/step  first loss ${first.loss.toFixed(4)}  params ${(model.variables.count() / 1e6).toFixed(2)}M`,
  );
  opt.dispose();
  model.dispose();
}
images.dispose();
