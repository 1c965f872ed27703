import type { Response } from '../../shared/channels.js';
import { importDataset, type ImportOptions } from '../datasets/import-dataset.js';
import type { LabelMode } from '../labeling/types.js';
import type { Db } from '../store/database.js';
import { buildVocabulary } from '../vocab/vocabulary.js';
import { emojiSource } from './emoji-source.js';
import { EngineError } from '../../shared/errors.js';
import type { ImportSummary } from '../../shared/channels.js';

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
  const captions = stopIfCancelled(
    await importDataset(db, home, emojiSource('google', 'captions'), {
      name: DEMO_CAPTIONS,
      imageSize: DEMO_IMAGE_SIZE,
      onProgress,
    }),
  );
  const categories = stopIfCancelled(
    await importDataset(db, home, emojiSource('twitter', 'categories'), {
      name: DEMO_CATEGORIES,
      imageSize: DEMO_IMAGE_SIZE,
      onProgress,
    }),
  );
  const vocabulary = buildVocabulary(db, { dataset: DEMO_CAPTIONS, mode });
  return { captions, categories, vocabulary };
}

/** A cancelled demo import ends the demo there (what was imported stays; preparing again completes it). */
function stopIfCancelled(summary: ImportSummary): ImportSummary {
  if (summary.status === 'cancelled') {
    throw new EngineError(
      'cancelled',
      `demo import cancelled: ${summary.totals.items} items kept in "${summary.dataset}"; import the demo data again to complete it`,
    );
  }
  return summary;
}
