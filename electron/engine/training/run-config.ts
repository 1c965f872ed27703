import { noteError } from '../../shared/errors.js';
import type { RunConfig, TrainRequest } from '../../shared/training.js';
import { requireDataset } from '../datasets/dataset-repository.js';
import type { Db } from '../store/database.js';
import { buildVocabulary } from '../vocab/vocabulary.js';
import { getVocabulary, vocabularySize } from '../vocab/vocabulary-repository.js';
import { textPreset, vitPreset } from './model/model-presets.js';
import { measuredStepSeconds } from './estimate.js';
import { recipeFor } from './recipe.js';
import { plannedSteps, stepsPerEpoch, trainingData } from './training-data.js';

/**
 * Resolves a train request into the complete config stored with the run. Defaults, scaled down from the
 * paper's recipe (catlip.md §2): AdamW, peak LR 1e-3 with cosine decay to the objective's recipe floor
 * (recipe.ts: CatLIP 1/100 of the peak, CLIP 1/1,000), warm-up over 10% of
 * the steps (the paper: 10k of 200k, i.e. 5%, but short pilots need a longer relative warm-up), weight
 * decay 0.2, gradient clipping at 1.0; one epoch when neither --steps nor --epochs is given.
 */
export function resolveRunConfig(db: Db, req: TrainRequest): { config: RunConfig; datasetId: number } {
  const dataset = requireDataset(db, req.dataset);
  if (dataset.kind !== 'captions') throw noteError('unsupported', 'train.labelled', { name: dataset.name });
  // a view trains on its own (frozen) items only
  const { view, train_items: trainItems } = trainingData(db, dataset, req.view);
  if (trainItems === 0)
    throw view
      ? noteError('invalid-request', 'train.noItemsInView', { name: dataset.name, view: view.name })
      : noteError('invalid-request', 'train.noItems', { name: dataset.name });
  if (trainItems < req.batch) {
    const values = { batch: req.batch, items: trainItems, name: dataset.name, max: Math.max(2, trainItems) };
    throw view
      ? noteError('invalid-request', 'train.batchTooLargeView', { ...values, view: view.name }, { field: 'batch' })
      : noteError('invalid-request', 'train.batchTooLarge', values, { field: 'batch' });
  }
  const encoder = vitPreset(req.model, { imageSize: req.imageSize, patchSize: req.patchSize });
  if (encoder.imageSize % encoder.patchSize !== 0) {
    throw noteError('invalid-request', 'train.patchSize', { size: encoder.imageSize, patch: encoder.patchSize });
  }
  const planned = plannedSteps(req.steps, req.epochs ?? 1, stepsPerEpoch(trainItems, req.batch));
  // A minutes budget starts from the rate measured on an earlier run of this model here (if any); the
  // trainer fixes the step count after timing its own first steps either way.
  const measured =
    req.minutes === undefined
      ? null
      : measuredStepSeconds(
          db,
          {
            objective: req.objective,
            model: req.model,
            imageSize: encoder.imageSize,
            patchSize: encoder.patchSize,
            backend: req.backend,
          },
          req.batch,
        );
  const steps =
    req.minutes === undefined
      ? planned
      : Math.min(
          req.steps ?? Infinity,
          measured ? Math.max(1, Math.floor((req.minutes * 60) / measured.seconds)) : planned,
        );

  let vocabulary: number | null = null;
  let labelMode: RunConfig['labelMode'] = null;
  if (req.objective === 'catlip') {
    if (req.vocabulary !== undefined) {
      const v = getVocabulary(db, req.vocabulary);
      if (!v || v.dataset_id !== dataset.id)
        throw noteError('not-found', 'train.vocabNotOfDataset', { vocabulary: req.vocabulary, name: dataset.name });
      vocabulary = req.vocabulary;
      labelMode = v.mode;
    } else {
      const v = buildVocabulary(db, { dataset: dataset.name, mode: 'paper', top: 0 });
      vocabulary = v.vocabulary;
      labelMode = v.mode;
    }
    const size = vocabularySize(db, vocabulary);
    if (size === 0) throw noteError('invalid-request', 'train.vocabEmpty', { vocabulary, name: dataset.name });
  }
  if (req.device !== undefined && req.backend === 'auto') {
    throw noteError('invalid-request', 'train.pinnedDevice', { device: req.device }, { field: 'backend' });
  }
  const recipe = recipeFor(req.objective, req.recipe, encoder.imageSize);
  const lr = req.lr ?? 1e-3;
  const config: RunConfig = {
    dataset: dataset.name,
    objective: req.objective,
    model: req.model,
    imageSize: encoder.imageSize,
    patchSize: encoder.patchSize,
    steps,
    batch: req.batch,
    backend: req.backend,
    allowSoftwareAdapter: req.allowSoftwareAdapter,
    seed: req.seed,
    vocabulary,
    labelMode,
    lr,
    minLr: lr * recipe.minLrRatio,
    warmupSteps: req.warmupSteps ?? defaultWarmupSteps(steps),
    weightDecay: req.weightDecay,
    clipNorm: req.clipNorm,
    emaMomentum: req.emaMomentum ?? null,
    checkpointEvery: req.checkpointEvery ?? defaultCheckpointEvery(steps),
    tokenizerVocab: req.tokenizerVocab,
    contextLength: req.contextLength ?? textPreset(req.model).contextLength,
    view: view && { name: view.name, mode: view.mode, filters: view.filters },
    budget:
      req.minutes === undefined ? null : { minutes: req.minutes, maxSteps: req.steps ?? null, plannedAtStep: null },
    device: req.device ?? null,
    recipe,
  };
  return { config, datasetId: dataset.id };
}

/** Warm-up over 10% of the steps, at most the paper's 10k. */
export function defaultWarmupSteps(steps: number): number {
  return Math.min(10_000, Math.round(steps * 0.1));
}

/** About five checkpoints per run, at least every 500 steps. */
export function defaultCheckpointEvery(steps: number): number {
  return Math.max(1, Math.min(500, Math.ceil(steps / 5)));
}
