/**
 * Loads a saved model record into plain arrays, without tfjs: what prediction builds its classifier from
 * and what weight export (safetensors, tfjs) writes out.
 *
 * The classifier it describes: for an image prepared as `preprocessing` says (model-file.ts),
 *   pooled   = the ViT encoder `encoder` with `encoderWeights` (training/model/vit.ts encodeImages),
 *   features = standardisation ? (pooled − mean) / std : pooled,
 *   logits   = features · head.kernel + head.bias   (kernel row-major [width, classes]),
 *   probabilities = softmax(logits) over `classes`.
 */
import path from 'node:path';
import type { SavedModel } from '../../shared/models.js';
import { EngineError } from '../../shared/errors.js';
import type { Db } from '../store/database.js';
import type { CheckpointTensor } from '../training/checkpoint.js';
import { IMAGE_PREFIX, type VitConfig } from '../training/model/vit.js';
import type { Standardisation } from '../evaluation/linear-probe.js';
import type { LinearHead } from '../evaluation/transfer-init.js';
import { getSavedModelRow, savedModelOf } from './model-repository.js';
import {
  FEATURE_MEAN,
  FEATURE_STD,
  HEAD_BIAS,
  HEAD_KERNEL,
  readModelFile,
  type ModelPreprocessing,
} from './model-file.js';

export interface LoadedSavedModel {
  /** The database record: name, run, method, dataset, metrics, file size and hash. */
  record: SavedModel;
  /** The pre-training run's objective (catlip, clip, superclass): the encoder came from it. */
  objective: string;
  /** The run's checkpoint step the encoder started from. */
  step: number;
  encoder: VitConfig;
  /** The image encoder's tensors (`image/…`, name, shape and float32 data). */
  encoderWeights: CheckpointTensor[];
  head: LinearHead;
  /** Linear probe: the per-feature standardisation its head expects; null for a fine-tuned model. */
  standardisation: Standardisation | null;
  /** Class names in head-column order. */
  classes: string[];
  preprocessing: ModelPreprocessing;
}

export function loadSavedModel(db: Db, home: string, id: number): LoadedSavedModel {
  const row = getSavedModelRow(db, id);
  const file = path.join(home, row.path);
  const { step, meta, tensors } = readModelFile(file, row.sha256);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const need = (name: string) => {
    const t = byName.get(name);
    if (!t) throw new EngineError('io', `${file} lacks ${name}`, { file });
    return t;
  };
  const kernel = need(HEAD_KERNEL);
  const bias = need(HEAD_BIAS);
  const [width, classes] = kernel.shape;
  if (classes !== meta.classes.length || bias.data.length !== classes) {
    throw new EngineError('io', `${file}: a head of ${classes} classes for ${meta.classes.length} class names`, {
      file,
    });
  }
  const mean = byName.get(FEATURE_MEAN);
  const std = byName.get(FEATURE_STD);
  return {
    record: savedModelOf(row),
    objective: meta.objective,
    step,
    encoder: meta.encoder,
    encoderWeights: tensors.filter((t) => t.name.startsWith(`${IMAGE_PREFIX}/`)),
    head: { width, classes, kernel: kernel.data, bias: bias.data },
    standardisation: mean && std ? { mean: mean.data, std: std.data } : null,
    classes: meta.classes,
    preprocessing: meta.preprocessing,
  };
}
