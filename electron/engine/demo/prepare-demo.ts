import type { Response } from '../../shared/channels.js';
import { importDataset, type ImportOptions } from '../datasets/import-dataset.js';
import type { LabelMode } from '../labeling/types.js';
import type { Db } from '../store/database.js';
import { buildVocabulary } from '../vocab/vocabulary.js';
import { emojiSource } from './emoji-source.js';

export const DEMO_CAPTIONS = 'demo-emoji';
export const DEMO_CATEGORIES = 'demo-emoji-categories';
/** The emoji images are 64 px: cache them at their own size rather than upscaling. */
export const DEMO_IMAGE_SIZE = 64;

/** Imports the embedded demo data (idempotent) and builds its vocabulary: a new user's first pilot. */
export async function prepareDemo(
  db: Db,
  home: string,
  mode: LabelMode,
  onProgress?: ImportOptions['onProgress'],
): Promise<Response<'demo:prepare'>> {
  const captions = await importDataset(db, home, emojiSource('google', 'captions'), {
    name: DEMO_CAPTIONS, imageSize: DEMO_IMAGE_SIZE, onProgress,
  });
  const categories = await importDataset(db, home, emojiSource('twitter', 'categories'), {
    name: DEMO_CATEGORIES, imageSize: DEMO_IMAGE_SIZE, onProgress,
  });
  const vocabulary = buildVocabulary(db, { dataset: DEMO_CAPTIONS, mode });
  return { captions, categories, vocabulary };
}
