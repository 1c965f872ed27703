import type { z } from 'zod';
import { engineNote } from '../../shared/engine-notes.js';
import type { ObjectiveEstimate, TrainingEstimate, TrainingEstimateRequestSchema } from '../../shared/estimate.js';
import type { ObjectiveSchema } from '../../shared/training.js';
import { requireDataset } from '../datasets/dataset-repository.js';
import { noteError } from '../../shared/errors.js';
import type { Db } from '../store/database.js';
import { measuredRuns, stepMillisAfterFirst } from './run-repository.js';
import { plannedSteps, stepsPerEpoch, trainingData } from './training-data.js';
import { getVocabulary, latestVocabulary } from '../vocab/vocabulary-repository.js';
import { textPreset, vitPreset } from './model/model-presets.js';
import { tokenCount } from './model/vit.js';
import type { TextEncoderConfig } from './model/text-encoder.js';
import { memoryAtBatch, parameterCount, towersOf, trainingMemory, type MemoryNetwork } from './training-memory.js';

type Request = z.output<typeof TrainingEstimateRequestSchema>;

/** CatLIP head size assumed before the dataset's vocabulary is built (order of magnitude of a pilot's). */
const ASSUMED_VOCABULARY = 1000;

/**
 * Size, FLOPs, memory and (where measured) time of the planned runs. Parameter counts are exact (the
 * model's own variable specs); memory and FLOPs are estimates of fp32 training with every activation kept
 * for the backward pass; time is only ever taken from runs measured on this machine, never guessed.
 */
export function estimateTraining(db: Db, req: Request): TrainingEstimate {
  const dataset = requireDataset(db, req.dataset);
  if (req.steps !== undefined && req.epochs !== undefined)
    throw noteError('invalid-request', 'train.stepsOrEpochs', {}, { field: 'epochs' });
  // a run on a view trains on the view's items: its epochs (and their time) are counted from them
  const data = trainingData(db, dataset, req.view);
  const perEpoch = stepsPerEpoch(data.train_items, req.batch);
  const planned =
    req.steps !== undefined || req.epochs !== undefined ? plannedSteps(req.steps, req.epochs ?? 1, perEpoch) : null;
  const encoder = vitPreset(req.model, { imageSize: req.imageSize, patchSize: req.patchSize });
  const chosen = req.vocabulary !== undefined ? getVocabulary(db, req.vocabulary) : latestVocabulary(db, dataset.id);
  const vocabulary = chosen?.dataset_id === dataset.id ? chosen.size : undefined;
  if (req.vocabulary !== undefined && vocabulary === undefined) {
    throw noteError('not-found', 'train.vocabNotOfDataset', { vocabulary: req.vocabulary, name: dataset.name });
  }
  // a head of no classes cannot be built (or trained): the same refusal as starting the run
  if (vocabulary === 0 && req.objectives.includes('catlip'))
    throw noteError('invalid-request', 'train.vocabEmpty', { vocabulary: chosen!.id, name: dataset.name });
  const text: TextEncoderConfig = { ...textPreset(req.model), vocabSize: req.tokenizerVocab };
  const notes = [engineNote('estimate.fp32')];
  if (vocabulary === undefined)
    notes.push(engineNote('estimate.noVocabulary', { dataset: dataset.name, synsets: ASSUMED_VOCABULARY }));
  const numClasses = vocabulary ?? ASSUMED_VOCABULARY;
  const encoderParameters = parameterCount({ objective: 'catlip', encoder, numClasses: 1 }) - (encoder.width + 1);
  const objectives = req.objectives.map((objective): ObjectiveEstimate => {
    const network: MemoryNetwork =
      objective === 'clip'
        ? { objective, encoder, text }
        : { objective, encoder, numClasses: objective === 'catlip' ? numClasses : req.tokenizerVocab };
    const parameters = parameterCount(network);
    const memory = trainingMemory(network);
    const towers = towersOf(network);
    const forwardFlops =
      towers.reduce((s, t) => s + t.flops, 0) +
      2 * (encoder.patchSize ** 2 * 3) * encoder.width * tokenCount(encoder) +
      2 * encoder.width * (objective === 'clip' ? text.embedDim : numClasses);
    // one device: the similarity matrix is batch × batch
    const activationBytes = memoryAtBatch(memory, req.batch, 1) - memory.fixed_bytes;
    const weightsBytes = memory.fixed_bytes;
    const measured = measuredStepSeconds(
      db,
      { objective, model: req.model, imageSize: encoder.imageSize, patchSize: encoder.patchSize, backend: req.backend },
      req.batch,
    );
    const seconds = measured?.seconds ?? null;
    return {
      objective,
      parameters,
      encoder_parameters: encoderParameters,
      flops_per_image: 3 * forwardFlops,
      memory_mb: {
        weights_and_optimizer: mb(weightsBytes),
        activations: mb(activationBytes),
        total: mb(weightsBytes + activationBytes),
      },
      seconds_per_step: seconds,
      basis:
        measured?.basis ??
        `not measured yet: no earlier ${objective} run of ${req.model} at ${encoder.imageSize} px on this machine`,
      steps_for_minutes:
        req.minutes !== undefined && seconds ? Math.max(1, Math.floor((req.minutes * 60) / seconds)) : null,
      minutes_for_steps: planned !== null && seconds ? (planned * seconds) / 60 : null,
      minutes_per_epoch: perEpoch > 0 && seconds ? (perEpoch * seconds) / 60 : null,
    };
  });
  return {
    dataset: dataset.name,
    model: req.model,
    batch: req.batch,
    image_size: encoder.imageSize,
    patch_size: encoder.patchSize,
    vocabulary_size: vocabulary ?? null,
    data: {
      view: data.view?.name ?? null,
      items: data.items,
      images: data.images,
      train_items: data.train_items,
      steps_per_epoch: perEpoch,
      planned_steps: planned,
      epochs: planned !== null && data.train_items > 0 ? (planned * req.batch) / data.train_items : null,
    },
    objectives,
    notes,
  };
}

/**
 * Median data + compute time of the steps of the latest matching run (first step left out: it includes
 * shader compilation), scaled linearly from its batch to the planned one.
 */
export function measuredStepSeconds(
  db: Db,
  match: {
    objective: z.output<typeof ObjectiveSchema>;
    model: string;
    imageSize: number;
    patchSize: number;
    backend: string;
  },
  batch: number,
): { seconds: number; basis: string } | null {
  const runs = measuredRuns(db, match.objective, match.model);
  for (const run of runs) {
    const config = JSON.parse(run.config_json) as { imageSize: number; patchSize: number; batch: number };
    if (config.imageSize !== match.imageSize || config.patchSize !== match.patchSize) continue;
    if (match.backend !== 'auto' && run.backend !== match.backend) continue;
    const ms = stepMillisAfterFirst(db, run.id);
    if (ms.length < 2) continue;
    const median = ms[Math.floor(ms.length / 2)]!;
    const seconds = (median / 1000) * (batch / config.batch);
    const scaled = batch === config.batch ? '' : ` and scaled from batch ${config.batch} to ${batch}`;
    return {
      seconds,
      basis: `measured on run #${run.id} (${run.backend ?? '?'}, ${run.device ?? '?'}): median of ${ms.length} steps${scaled}`,
    };
  }
  return null;
}

function mb(bytes: number): number {
  return Math.round((bytes / 2 ** 20) * 10) / 10;
}
