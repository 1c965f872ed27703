/**
 * The `predict:image` channel: the image's bytes from the request (base64, as serve mode uploads them) or from
 * a file on this machine (the desktop app's dialog), checked before any model is loaded, then one prediction.
 */
import { readFile, stat } from 'node:fs/promises';
import { EngineError, noteError } from '../../shared/errors.js';
import { MAX_UPLOAD_BYTES, PredictRequestSchema, type Prediction } from '../../shared/models.js';
import type { z } from 'zod';
import { decodeImage, ImageRejected } from '../datasets/decode-image.js';
import type { PredictorCache } from './predictor-cache.js';

/** A file the engine reads itself may be larger than an upload (camera originals), within reason. */
export const MAX_IMAGE_FILE_BYTES = 256 * 1024 * 1024;

export async function predictImage(
  predictors: PredictorCache,
  req: z.output<typeof PredictRequestSchema>,
): Promise<Prediction> {
  const bytes = await imageBytes(req.image);
  // a bad image is answered before any model is loaded
  await checkDecodes(bytes);
  return predictors.with({ run: req.run, model: req.model, classes: req.classes }, (predictor) =>
    predictor.predict(bytes, req.top),
  );
}

export async function imageBytes(image: z.output<typeof PredictRequestSchema>['image']): Promise<Buffer> {
  if ('base64' in image) {
    const bytes = Buffer.from(image.base64, 'base64');
    if (bytes.byteLength > MAX_UPLOAD_BYTES) {
      throw noteError(
        'invalid-request',
        'predict.tooLarge',
        { bytes: bytes.byteLength, limit: MAX_UPLOAD_BYTES / 1024 / 1024 },
        { field: 'image' },
      );
    }
    return bytes;
  }
  return readImageFile(image.path);
}

/** A file's bytes, refusing what is not a regular file or is too large to be a photo. */
export async function readImageFile(file: string): Promise<Buffer> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw noteError('invalid-request', 'import.notAFile', { path: file }, { file });
    if (info.size > MAX_IMAGE_FILE_BYTES)
      throw noteError(
        'invalid-data',
        'predict.fileTooLarge',
        { file, bytes: info.size, limit: MAX_IMAGE_FILE_BYTES / 1024 / 1024 },
        { file },
      );
    return await readFile(file);
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw noteError(
      'not-found',
      'predict.cannotRead',
      { file, detail: (e as NodeJS.ErrnoException).code ?? (e as Error).message },
      { file },
    );
  }
}

async function checkDecodes(bytes: Buffer): Promise<void> {
  try {
    await decodeImage(bytes, 16);
  } catch (e) {
    if (e instanceof ImageRejected)
      throw noteError('invalid-data', 'predict.badImage', { detail: e.message }, { field: 'image' });
    throw e;
  }
}
