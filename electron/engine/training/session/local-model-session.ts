import * as tf from '../../tfjs.js';
import { buildModel } from '../build-model.js';
import type { AnyPretrainingModel, ImageBatch, PretrainingModel } from '../model/objective-types.js';
import type { AdamW } from '../model/optimizer.js';
import { trainStep } from '../model/train-step.js';
import type { ModelSession, NamedTensor, SessionBatch, SessionInit, SessionState } from './model-session.js';

/**
 * The model on whichever tfjs backend is active in this JS context: the trainer's own process (cpu,
 * tensorflow, Dawn's webgpu) or the compute window (Chromium's webgpu). Pure tfjs, no Node modules, so the
 * compute page can bundle it.
 */
export function createLocalSession(init: SessionInit): ModelSession {
  const { config } = init;
  const { model, optimizer } = buildModel(config, {
    numClasses: init.numClasses,
    captions: [],
    tokenizer: init.tokenizer,
  });
  if (init.restored) restoreState(model, optimizer, init.restored);
  return {
    parameters: model.variables.count(),
    async step(batch: SessionBatch, step: number) {
      const n = batch.labels?.length ?? batch.tokens?.length ?? 0;
      const images = tf.tensor4d(batch.images, [n, config.imageSize, config.imageSize, 3]);
      try {
        const b =
          model.objective === 'catlip'
            ? { images, labels: required(batch.labels, 'labels') }
            : { images, tokens: required(batch.tokens, 'tokens') };
        // the batch was built for this model's objective just above
        return await trainStep(model as PretrainingModel<ImageBatch>, b as ImageBatch, optimizer, step);
      } finally {
        images.dispose();
      }
    },
    async setSchedule({ totalSteps, warmupSteps }) {
      Object.assign(optimizer.options.schedule, { totalSteps, warmupSteps });
    },
    exportState: () => exportState(model, optimizer),
    async dispose() {
      model.dispose();
    },
  };
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`this objective's batch needs ${what}`);
  return value;
}

/** Weights (`w:`), Adam moments (`m:`, `v:`) and EMA (`ema:`) as named float32 tensors. */
async function exportState(model: AnyPretrainingModel, optimizer: AdamW): Promise<SessionState> {
  const weights = await model.variables.exportValues();
  const state = await optimizer.exportState();
  const shapes = new Map(model.variables.entries().map(([name, v]) => [name, v.shape]));
  const tensors: NamedTensor[] = [];
  for (const [prefix, values] of [
    ['w', weights],
    ['m', state.m],
    ['v', state.v],
    ['ema', state.ema ?? {}],
  ] as const) {
    for (const [name, data] of Object.entries(values))
      tensors.push({ name: `${prefix}:${name}`, shape: shapes.get(name) ?? [data.length], data });
  }
  return {
    tensors,
    optimizerStep: optimizer.step,
    idf: model.objective === 'superclass' ? model.idf.toJSON() : undefined,
  };
}

function restoreState(
  model: AnyPretrainingModel,
  optimizer: AdamW,
  { tensors, optimizerStep, idf }: SessionState,
): void {
  const group = (prefix: string) =>
    Object.fromEntries(
      tensors.filter((t) => t.name.startsWith(`${prefix}:`)).map((t) => [t.name.slice(prefix.length + 1), t.data]),
    );
  model.variables.importValues(group('w'));
  const ema = group('ema');
  optimizer.importState({
    step: optimizerStep,
    m: group('m'),
    v: group('v'),
    ema: Object.keys(ema).length ? ema : undefined,
  });
  if (model.objective === 'superclass' && idf) model.idf.restore(idf);
}
