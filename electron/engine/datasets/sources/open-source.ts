import path from 'node:path';
import { openCocoSource } from './coco-source.js';
import { openCsvSource } from './csv-source.js';
import { PATH_FORMATS, detectFormat } from './detect-format.js';
import { openImageFolderSource } from './imagefolder-source.js';
import { openJsonlSource } from './jsonl-source.js';
import type { DatasetFormat, DatasetSource } from './types.js';
import { openWebDatasetSource } from './webdataset-source.js';
import { noteError } from '../../../shared/errors.js';

export { PATH_FORMATS, detectFormat };

export interface OpenSourceOptions {
  /** Folders a JSONL/CSV manifest's image paths may also point into (absolute, or relative to the working folder). */
  imageRoots?: readonly string[];
}

/**
 * Opens a user's dataset as a stream of records. Throws (with a message naming the path) only when the
 * source as a whole is unusable; every bad item is a `skip` record instead.
 */
export async function openSource(
  p: string,
  format: DatasetFormat | 'auto',
  options: OpenSourceOptions = {},
): Promise<DatasetSource> {
  const absolute = path.resolve(p);
  const chosen = format === 'auto' ? await detectFormat(absolute) : format;
  const imageRoots = options.imageRoots ?? [];
  if (imageRoots.length > 0 && chosen !== 'jsonl' && chosen !== 'csv') {
    throw new Error(
      `image roots apply to JSONL and CSV manifests, whose image paths may point elsewhere; a ${chosen} dataset reads its images from its own folder`,
    );
  }
  switch (chosen) {
    case 'jsonl':
      return openJsonlSource(absolute, imageRoots);
    case 'csv':
      return openCsvSource(absolute, imageRoots);
    case 'webdataset':
      return openWebDatasetSource(absolute);
    case 'coco':
      return openCocoSource(absolute);
    case 'imagefolder':
      return openImageFolderSource(absolute);
    case 'emoji':
      throw noteError('invalid-request', 'import.emojiHasNoPath', {}, { field: 'format' });
    default:
      throw noteError(
        'invalid-request',
        'import.unknownFormat',
        { format: JSON.stringify(chosen), formats: PATH_FORMATS.join(', ') },
        { field: 'format' },
      );
  }
}
