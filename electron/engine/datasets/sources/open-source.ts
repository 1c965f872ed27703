import path from 'node:path';
import { openCocoSource } from './coco-source.js';
import { openCsvSource } from './csv-source.js';
import { PATH_FORMATS, detectFormat } from './detect-format.js';
import { openImageFolderSource } from './imagefolder-source.js';
import { openJsonlSource } from './jsonl-source.js';
import type { DatasetFormat, DatasetSource } from './types.js';
import { openWebDatasetSource } from './webdataset-source.js';
import { EngineError } from '../../../shared/errors.js';

export { PATH_FORMATS, detectFormat };

/**
 * Opens a user's dataset as a stream of records. Throws (with a message naming the path) only when the
 * source as a whole is unusable; every bad item is a `skip` record instead.
 */
export async function openSource(p: string, format: DatasetFormat | 'auto'): Promise<DatasetSource> {
  const absolute = path.resolve(p);
  const chosen = format === 'auto' ? await detectFormat(absolute) : format;
  switch (chosen) {
    case 'jsonl':
      return openJsonlSource(absolute);
    case 'csv':
      return openCsvSource(absolute);
    case 'webdataset':
      return openWebDatasetSource(absolute);
    case 'coco':
      return openCocoSource(absolute);
    case 'imagefolder':
      return openImageFolderSource(absolute);
    case 'emoji':
      throw new EngineError('invalid-request', 'The emoji demo set is built in and not read from a path: prepare it with the demo command.', { field: 'format' });
    default:
      throw new EngineError('invalid-request', `Unknown dataset format ${JSON.stringify(chosen)}. Formats: ${PATH_FORMATS.join(', ')}, auto.`, { field: 'format' });
  }
}
