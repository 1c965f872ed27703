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
import { formatSeconds } from '../output.js';
import type { TrainingEstimate } from '../../../shared/estimate.js';

export const trainCommand: Command = {
  name: 'train',
  usage:
    'train --dataset NAME --objective catlip|clip|superclass --model vit-tiny|probe|vit-s16|vit-b16 [--steps N | --epochs E] [--minutes M] [--batch B] [--image-size S] [--backend auto|tensorflow|webgpu|wasm|cpu] [--seed S] [--recipe objective|matched] [--device NAME] [--lr X] [--ema MOMENTUM] [--checkpoint-every N] [--vocabulary ID] [--view NAME] [--estimate]',
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
    estimate: { type: 'boolean' },
  },
  async run(ctx) {
    const { values, out } = ctx;
    const objective = enumOption(ObjectiveSchema.options, values.objective, 'objective');
    const model = enumOption(ModelPresetSchema.options, values.model, 'model');
    const backend = enumOption(BackendRequestSchema.options, values.backend, 'backend');
    if (values.steps !== undefined && values.epochs !== undefined)
      throw new UsageError('give --steps or --epochs, not both');
    const engine = ctx.engine();
    const view = typeof values.view === 'string' ? values.view : undefined;
    if (values.estimate) {
      const steps = intOption(values, 'steps');
      const minutes = numberOption(values, 'minutes');
      const estimate = await engine.invoke('training:estimate', {
        dataset: values.dataset as string,
        model,
        objectives: [objective],
        batch: intOption(values, 'batch'),
        imageSize: intOption(values, 'image-size'),
        patchSize: intOption(values, 'patch-size'),
        backend,
        steps,
        // as training: one pass when no budget is given
        epochs: numberOption(values, 'epochs') ?? (steps === undefined && minutes === undefined ? 1 : undefined),
        minutes,
        vocabulary: intOption(values, 'vocabulary'),
        view,
      });
      printEstimate(estimate, out);
      out.result(estimate);
      return;
    }
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
      view,
      recipe: enumOption(RecipeModeSchema.options, values.recipe, 'recipe'),
      device: typeof values.device === 'string' ? values.device : undefined,
    });
    out.line(
      `run ${runId}: training ${objective} (${model}) on ${values.dataset}${typeof values.view === 'string' ? ` (view ${values.view})` : ''}`,
    );
    printRunResult(await followTraining(engine, runId, out), out, ctx);
  },
};

/** `train --estimate`: the planned run's data, size and (where a run was measured here) time; nothing trains. */
function printEstimate(e: TrainingEstimate, out: Output): void {
  const d = e.data;
  out.line(
    `${e.dataset}${d.view === null ? '' : ` (view ${d.view})`}: ${d.train_items} training items of ${d.items} (${d.images} images); ` +
      `batch ${e.batch}: ${d.steps_per_epoch} steps per pass` +
      (d.planned_steps === null ? '' : `; ${d.planned_steps} steps ≈ ${d.epochs?.toFixed(2) ?? 'n/a'} passes`),
  );
  for (const o of e.objectives) {
    const time =
      o.seconds_per_step === null
        ? o.basis
        : `${formatSeconds(o.seconds_per_step)} per step (${o.basis})` +
          (o.minutes_per_epoch === null ? '' : `; one pass ${formatSeconds(o.minutes_per_epoch * 60)}`) +
          (o.minutes_for_steps === null ? '' : `; the planned steps ${formatSeconds(o.minutes_for_steps * 60)}`) +
          (o.steps_for_minutes === null ? '' : `; ${o.steps_for_minutes} steps fit the minutes`);
    out.line(
      `${o.objective} (${e.model}, ${e.image_size} px): ${(o.parameters / 1e6).toFixed(2)} M parameters, ` +
        `${o.memory_mb.total.toFixed(0)} MB training memory; ${time}`,
    );
  }
}

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
