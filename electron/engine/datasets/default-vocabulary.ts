import type { LabelMode } from '../labeling/types.js';
import type { Db } from '../store/database.js';
import { defaultMinCount } from '../vocab/vocabulary.js';

export interface VocabularySynsets {
  id: number;
  /** WordNet noun offsets of the synsets kept in the vocabulary. */
  offsets: ReadonlySet<number>;
}

/**
 * The vocabulary a default build (`vocab:build` without min-count or max-size) made for a dataset and mode:
 * the one that decides which synsets are training labels. Vocabularies are immutable and a new one is
 * added when the data grows, so the newest default build for the current item count wins, then the
 * newest default build of older data. Undefined when none was built.
 */
export function defaultVocabulary(db: Db, datasetId: number, mode: LabelMode): VocabularySynsets | undefined {
  const items = db.prepare('SELECT count(*) FROM items WHERE dataset_id = ?').pluck().get(datasetId) as number;
  const candidates = db.prepare(`SELECT id, min_count, captions, dataset_items FROM vocabularies
      WHERE dataset_id = ? AND mode = ? AND max_size IS NULL ORDER BY dataset_items = ? DESC, id DESC`)
    .all(datasetId, mode, items) as { id: number; min_count: number; captions: number; dataset_items: number }[];
  const chosen = candidates.find((v) => v.min_count === defaultMinCount(v.captions));
  if (!chosen) return undefined;
  const offsets = db.prepare('SELECT offset FROM vocabulary_synsets WHERE vocabulary_id = ?').pluck().all(chosen.id) as number[];
  return { id: chosen.id, offsets: new Set(offsets) };
}
