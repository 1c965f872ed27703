import path from 'node:path';
import { EngineError, noteError } from '../../shared/errors.js';
import type { RunConfig } from '../../shared/training.js';
import type { Db } from '../store/database.js';
import { vocabularySize } from '../vocab/vocabulary-repository.js';
import { selectBackend, type BackendChoice, type BackendRequest } from '../training/backends.js';
import { readCheckpoint } from '../training/checkpoint.js';
import { textPreset, vitPreset } from '../training/model/model-presets.js';
import type { AnyPretrainingModel } from '../training/model/objective-types.js';
import { createModel } from '../training/model/objectives.js';
import { Tokenizer, type TokenizerJson } from '../training/model/tokenizer.js';
import { getRun, latestCheckpoint, runConfig, type RunRow } from '../training/run-repository.js';

/** A run's pretrained model, rebuilt for evaluation. */
export interface LoadedRunModel {
  run: RunRow;
  config: RunConfig;
  model: AnyPretrainingModel;
  /** CLIP and SuperClass: the tokenizer saved with the checkpoint. */
  tokenizer?: Tokenizer;
  checkpoint: { step: number; path: string };
  /** 'ema' when the run kept an EMA of its weights (those are the ones evaluated, as CoreNet does). */
  weights: 'ema' | 'trained';
  backend: BackendChoice;
}

/** The slice of the trainer's checkpoint meta that evaluation reads. */
interface CheckpointMeta {
  tokenizer?: TokenizerJson;
}

/**
 * Rebuilds a run's model from its stored config and latest checkpoint on the requested tfjs backend
 * (default: the backend the run asked for). Loads the EMA weights (`ema:*`) when the checkpoint has them,
 * else the trained weights (`w:*`). Any checkpoint will do — a cancelled or interrupted run can be
 * evaluated at the step it reached.
 */
export async function loadRunModel(
  db: Db,
  home: string,
  runId: number,
  options: { backend?: BackendRequest } = {},
): Promise<LoadedRunModel> {
  const run = getRun(db, runId);
  const config = runConfig(run);
  const checkpoint = latestCheckpoint(db, runId);
  if (!checkpoint) throw noteError('not-found', 'eval.noCheckpoint', { run: runId, status: run.status });
  const { tensors, meta } = readCheckpoint<CheckpointMeta>(path.join(home, checkpoint.path));
  const group = (prefix: string) =>
    Object.fromEntries(
      tensors.filter((t) => t.name.startsWith(`${prefix}:`)).map((t) => [t.name.slice(prefix.length + 1), t.data]),
    );
  const ema = group('ema');
  const weights = Object.keys(ema).length > 0 ? 'ema' : 'trained';

  let numClasses: number | undefined;
  if (config.objective === 'catlip') {
    numClasses = config.vocabulary === null ? undefined : vocabularySize(db, config.vocabulary);
    if (numClasses === undefined)
      throw noteError('not-found', 'eval.runVocabGone', { vocabulary: String(config.vocabulary), run: runId });
  } else if (!meta.tokenizer) {
    throw new EngineError(
      'internal',
      `checkpoint ${checkpoint.path} of ${config.objective} run ${runId} lacks its tokenizer`,
    );
  }

  const backend = await selectBackend(options.backend ?? config.backend);
  const tokenizer = meta.tokenizer ? Tokenizer.fromJSON(meta.tokenizer) : undefined;
  const model = createRunModel(config, numClasses, tokenizer);
  try {
    model.variables.importValues(weights === 'ema' ? ema : group('w'));
  } catch (e) {
    model.dispose();
    throw new EngineError(
      'internal',
      `checkpoint ${checkpoint.path} does not fit run ${runId}'s model: ${(e as Error).message}`,
    );
  }
  return { run, config, model, tokenizer, checkpoint, weights, backend };
}

/**
 * The model of a run's config, as training/build-model.ts builds it but without the optimizer: buildModel
 * also allocates Adam moments and an EMA copy (3-4x the weights) that evaluation never uses. A mismatch
 * with the trainer's architecture cannot go unnoticed: importValues refuses any missing or mis-sized weight.
 */
function createRunModel(
  config: RunConfig,
  numClasses: number | undefined,
  tokenizer: Tokenizer | undefined,
): AnyPretrainingModel {
  const encoder = vitPreset(config.model, { imageSize: config.imageSize, patchSize: config.patchSize });
  switch (config.objective) {
    case 'catlip':
      return createModel({ objective: 'catlip', encoder, numClasses: numClasses!, seed: config.seed });
    case 'clip':
      return createModel({
        objective: 'clip',
        encoder,
        seed: config.seed,
        text: { ...textPreset(config.model, { contextLength: config.contextLength }), vocabSize: tokenizer!.vocabSize },
      });
    case 'superclass':
      return createModel({ objective: 'superclass', encoder, numClasses: tokenizer!.vocabSize, seed: config.seed });
  }
}
