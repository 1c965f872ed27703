import type { LabelMode } from '../labeling/types.js';
import type { Db } from '../store/database.js';
import { defaultMinCount } from '../vocab/vocabulary.js';
import { uncappedVocabularies, vocabularySynsets } from '../vocab/vocabulary-repository.js';
import { countItems } from './dataset-repository.js';

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
  const candidates = uncappedVocabularies(db, datasetId, mode, countItems(db, datasetId));
  const chosen = candidates.find((v) => v.min_count === defaultMinCount(v.captions));
  if (!chosen) return undefined;
  return { id: chosen.id, offsets: new Set(vocabularySynsets(db, chosen.id).map((s) => s.offset)) };
}
