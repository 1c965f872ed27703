import {
  BackendRequestSchema,
  ModelPresetSchema,
  ObjectiveSchema,
  RecipeModeSchema,
} from '../../../shared/training.js';
import type { RunSummary } from '../../training/run-summary.js';
import {
  enumOption,
  intOption,
  numberOption,
  UsageError,
  type Command,
  type CommandContext,
  type Output,
} from '../command.js';
import { followTraining } from '../train-session.js';

export const trainCommand: Command = {
  name: 'train',
  usage:
    'train --dataset NAME --objective catlip|clip|superclass --model vit-tiny|probe|vit-s16|vit-b16 [--steps N | --epochs E] [--minutes M] [--batch B] [--image-size S] [--backend auto|tensorflow|webgpu|wasm|cpu] [--seed S] [--recipe objective|matched] [--device NAME] [--lr X] [--ema MOMENTUM] [--checkpoint-every N] [--vocabulary ID] [--view NAME]',
  summary: 'pre-train an image encoder (CatLIP, or the CLIP / SuperClass baselines) in a trainer process',
  positionals: [0, 0],
  options: {
    dataset: { type: 'string' },
    objective: { type: 'string', default: 'catlip' },
    model: { type: 'string', default: 'vit-tiny' },
    steps: { type: 'string' },
    epochs: { type: 'string' },
    minutes: { type: 'string' },
    batch: { type: 'string' },
    'image-size': { type: 'string' },
    'patch-size': { type: 'string' },
    backend: { type: 'string', default: 'auto' },
    seed: { type: 'string' },
    lr: { type: 'string' },
    ema: { type: 'string' },
    'checkpoint-every': { type: 'string' },
    vocabulary: { type: 'string' },
    view: { type: 'string' },
    recipe: { type: 'string', default: 'objective' },
    device: { type: 'string' },
  },
  async run(ctx) {
    const { values, out } = ctx;
    const objective = enumOption(ObjectiveSchema.options, values.objective, 'objective');
    const model = enumOption(ModelPresetSchema.options, values.model, 'model');
    const backend = enumOption(BackendRequestSchema.options, values.backend, 'backend');
    if (values.steps !== undefined && values.epochs !== undefined)
      throw new UsageError('give --steps or --epochs, not both');
    const engine = ctx.engine();
    const runId = engine.createRun({
      dataset: values.dataset as string,
      objective,
      model,
      backend,
      steps: intOption(values, 'steps'),
      epochs: numberOption(values, 'epochs'),
      minutes: numberOption(values, 'minutes'),
      batch: intOption(values, 'batch'),
      imageSize: intOption(values, 'image-size'),
      patchSize: intOption(values, 'patch-size'),
      seed: intOption(values, 'seed'),
      lr: numberOption(values, 'lr'),
      emaMomentum: numberOption(values, 'ema'),
      checkpointEvery: intOption(values, 'checkpoint-every'),
      vocabulary: intOption(values, 'vocabulary'),
      view: typeof values.view === 'string' ? values.view : undefined,
      recipe: enumOption(RecipeModeSchema.options, values.recipe, 'recipe'),
      device: typeof values.device === 'string' ? values.device : undefined,
    });
    out.line(
      `run ${runId}: training ${objective} (${model}) on ${values.dataset}${typeof values.view === 'string' ? ` (view ${values.view})` : ''}`,
    );
    printRunResult(await followTraining(engine, runId, out), out, ctx);
  },
};

export function printRunResult(s: RunSummary, out: Output, ctx: Pick<CommandContext, 'json'>): void {
  out.line(
    `run ${s.run} ${s.status}: ${s.steps}/${s.steps_total} steps, loss ${fmt(s.first_loss)} → ${fmt(s.final_loss)}, ` +
      `${s.images_per_second?.toFixed(1) ?? 'n/a'} img/s (data ${fmt(s.step_ms.data, 1)} ms + compute ${fmt(s.step_ms.compute, 1)} ms per step) on ${s.backend} (${s.device})`,
  );
  if (ctx.json) {
    out.result({
      run: s.run,
      objective: s.objective,
      status: s.status,
      steps: s.steps,
      final_loss: s.final_loss,
      images_per_second: s.images_per_second,
      step_ms: s.step_ms,
      backend: s.backend,
      device: s.device,
      backend_notes: s.backend_notes,
    });
  }
}

function fmt(x: number | null, digits = 4): string {
  return x === null ? 'n/a' : x.toFixed(digits);
}
