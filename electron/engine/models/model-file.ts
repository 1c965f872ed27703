/**
 * The weights file of a saved model: the checkpoint format (training/checkpoint.ts — atomic, fsynced, with a
 * sha256 trailer) holding
 *   `image/*`                     the image encoder (fine-tuned, or the run's pretrained one for a linear probe),
 *   `head/kernel` [width, classes], `head/bias` [classes]   the classifier,
 *   `features/mean`, `features/std` [width]                 linear probe only: the standardisation its head expects,
 * and a meta header naming what it is. The whole file's sha256 is also stored in the database and checked on
 * every load, so a file swapped or damaged after saving is refused rather than silently used.
 *
 * The encoder is saved even for a linear probe: the run's checkpoints are pruned as it trains on (three are
 * kept), so a model that pointed into them would not stay what it was when saved.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EngineError, noteError } from '../../shared/errors.js';
import type { SavedModel } from '../../shared/models.js';
import {
  CheckpointDamagedError,
  readCheckpoint,
  writeCheckpoint,
  type CheckpointTensor,
} from '../training/checkpoint.js';
import type { VitConfig } from '../training/model/vit.js';

export const MODEL_FILE_KIND = 'catlip-pilot-saved-model';
export const HEAD_KERNEL = 'head/kernel';
export const HEAD_BIAS = 'head/bias';
export const FEATURE_MEAN = 'features/mean';
export const FEATURE_STD = 'features/std';

/**
 * How an image becomes the model's input, as evaluation prepared its images: decoded once with its short
 * side resized to `record_size` and the centre square kept (EXIF orientation applied, transparency on
 * white, sRGB; datasets/decode-image.ts), then the whole square resized bilinearly to `image_size` and
 * normalised per channel ((x / 255 − mean) / std), NHWC.
 */
export interface ModelPreprocessing {
  record_size: number;
  image_size: number;
  resize: 'short-side-lanczos3-centre-crop, then bilinear-whole-image';
  mean: number[];
  std: number[];
  layout: 'NHWC';
}

export interface ModelFileMeta {
  kind: typeof MODEL_FILE_KIND;
  version: 1;
  method: SavedModel['method'];
  run: number;
  objective: string;
  encoder: VitConfig;
  classes: string[];
  preprocessing: ModelPreprocessing;
}

export function modelFileName(token: string): string {
  return path.join('models', `model-${token}.clpmodel`);
}

/** Writes the file and returns its size and sha256 (of the whole file, as stored in the database). */
export function writeModelFile(
  file: string,
  step: number,
  meta: ModelFileMeta,
  tensors: CheckpointTensor[],
): { bytes: number; sha256: string } {
  const bytes = writeCheckpoint(file, { step, meta, tensors });
  return { bytes, sha256: fileSha256(file) };
}

export function fileSha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Reads a model file, refusing one whose hash is not `sha256` or whose content is not a saved model. */
export function readModelFile(
  file: string,
  sha256: string,
): { step: number; meta: ModelFileMeta; tensors: CheckpointTensor[] } {
  let actual: string;
  try {
    actual = fileSha256(file);
  } catch (e) {
    throw noteError(
      'not-found',
      'model.weightsUnreadable',
      { file, detail: (e as NodeJS.ErrnoException).code ?? (e as Error).message },
      { file },
    );
  }
  if (actual !== sha256) throw noteError('io', 'model.weightsChanged', { file }, { file });
  try {
    const content = readCheckpoint<ModelFileMeta>(file);
    if (content.meta?.kind !== MODEL_FILE_KIND) throw noteError('io', 'model.notAModel', { file }, { file });
    return content;
  } catch (e) {
    if (e instanceof CheckpointDamagedError) throw new EngineError('io', e.message, { file });
    throw e;
  }
}
