/**
 * Keeps the classifier an evaluation trained (`eval --save`): writes its weights file under the data home and
 * returns the row to insert, which runEvaluation stores in the same transaction as the evaluation itself.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { SavedModel } from '../../shared/models.js';
import type { Db } from '../store/database.js';
import type { CheckpointTensor } from '../training/checkpoint.js';
import { IMAGENET_NORMALIZATION } from '../training/model/augment.js';
import { vitParamSpecs, type VitConfig } from '../training/model/vit.js';
import type { Standardisation } from '../evaluation/linear-probe.js';
import type { LinearHead } from '../evaluation/transfer-init.js';
import { modelNameTaken, type NewSavedModel } from './model-repository.js';
import {
  FEATURE_MEAN,
  FEATURE_STD,
  HEAD_BIAS,
  HEAD_KERNEL,
  MODEL_FILE_KIND,
  modelFileName,
  writeModelFile,
  type ModelFileMeta,
  type ModelPreprocessing,
} from './model-file.js';

/** The trained classifier as an evaluation hands it over. */
export interface TrainedClassifier {
  /** The encoder's values by variable name (`image/…`; other variables are ignored). */
  encoderWeights: Record<string, Float32Array>;
  head: LinearHead;
  standardisation?: Standardisation;
}

export interface SaveModelInput {
  name: string;
  method: SavedModel['method'];
  run: number;
  objective: string;
  checkpointStep: number;
  datasetId: number;
  encoder: VitConfig;
  /** Side of the dataset's cached images: new images are decoded to it, as the evaluation's were. */
  recordSize: number;
  classes: string[];
  top1: number;
  top5: number | null;
  classifier: TrainedClassifier;
}

/** The first free name of `base`, `base-2`, `base-3`, … */
export function freeModelName(db: Db, base: string): string {
  if (!modelNameTaken(db, base)) return base;
  for (let n = 2; ; n++) if (!modelNameTaken(db, `${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Writes the weights file and returns the row to insert (without the evaluation id) and a function that
 * removes the file again, for when the insert fails.
 */
export function writeSavedModel(
  home: string,
  input: SaveModelInput,
): { row: Omit<NewSavedModel, 'evaluation_id'>; discard: () => void } {
  const { classifier, encoder } = input;
  const preprocessing: ModelPreprocessing = {
    record_size: input.recordSize,
    image_size: encoder.imageSize,
    resize: 'short-side-lanczos3-centre-crop, then bilinear-whole-image',
    mean: [...IMAGENET_NORMALIZATION.mean],
    std: [...IMAGENET_NORMALIZATION.std],
    layout: 'NHWC',
  };
  const tensors: CheckpointTensor[] = vitParamSpecs(encoder).map((spec) => {
    const data = classifier.encoderWeights[spec.name];
    if (!data) throw new Error(`the trained encoder lacks ${spec.name}`);
    return { name: spec.name, shape: [...spec.shape], data };
  });
  tensors.push(
    { name: HEAD_KERNEL, shape: [classifier.head.width, classifier.head.classes], data: classifier.head.kernel },
    { name: HEAD_BIAS, shape: [classifier.head.classes], data: classifier.head.bias },
  );
  if (classifier.standardisation) {
    tensors.push(
      { name: FEATURE_MEAN, shape: [classifier.head.width], data: classifier.standardisation.mean },
      { name: FEATURE_STD, shape: [classifier.head.width], data: classifier.standardisation.std },
    );
  }
  const meta: ModelFileMeta = {
    kind: MODEL_FILE_KIND,
    version: 1,
    method: input.method,
    run: input.run,
    objective: input.objective,
    encoder,
    classes: input.classes,
    preprocessing,
  };
  const rel = modelFileName(randomUUID());
  const file = path.join(home, rel);
  const { bytes, sha256 } = writeModelFile(file, input.checkpointStep, meta, tensors);
  return {
    row: {
      name: input.name,
      run_id: input.run,
      method: input.method,
      dataset_id: input.datasetId,
      classes_json: JSON.stringify(input.classes),
      top1: input.top1,
      top5: input.top5,
      path: rel,
      bytes,
      sha256,
      preprocessing_json: JSON.stringify(preprocessing),
      settings_json: JSON.stringify({
        encoder,
        objective: input.objective,
        checkpoint_step: input.checkpointStep,
        tensors: tensors.map((t) => t.name),
      }),
    },
    discard: () => rmSync(file, { force: true }),
  };
}
