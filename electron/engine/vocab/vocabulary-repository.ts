import type { LabelMode } from '../labeling/types.js';
import { now, type Db } from '../store/database.js';

/**
 * Every SQL statement on `vocabularies`, `vocabulary_synsets` and `item_labels`. Vocabularies are immutable
 * once written (runs refer to them by id), so there is an insert and no update.
 */

export interface VocabularyRow {
  id: number;
  dataset_id: number;
  mode: LabelMode;
  min_count: number;
  max_size: number | null;
  size: number;
  captions: number;
  coverage: number;
  labels_per_caption: number;
  dataset_items: number;
  created_at: string;
}

export type NewVocabulary = Omit<VocabularyRow, 'id' | 'created_at'>;

export interface VocabularySynsetRow {
  position: number;
  offset: number;
  name: string;
  count: number;
}

export function getVocabulary(db: Db, id: number): VocabularyRow | undefined {
  return db.prepare('SELECT * FROM vocabularies WHERE id = ?').get(id) as VocabularyRow | undefined;
}

/** The number of synsets (CatLIP's classes) of a vocabulary; undefined when it does not exist. */
export function vocabularySize(db: Db, id: number): number | undefined {
  return db.prepare('SELECT size FROM vocabularies WHERE id = ?').pluck().get(id) as number | undefined;
}

/** A vocabulary's size and the threshold it was pruned with (min count over how many captions). */
export function vocabularyThresholdRow(db: Db, id: number): { size: number; min_count: number; captions: number } | undefined {
  return db.prepare('SELECT size, min_count, captions FROM vocabularies WHERE id = ?').get(id) as { size: number; min_count: number; captions: number } | undefined;
}

/** The newest vocabulary of a dataset, if any was built. */
export function latestVocabulary(db: Db, datasetId: number): VocabularyRow | undefined {
  return db.prepare('SELECT * FROM vocabularies WHERE dataset_id = ? ORDER BY id DESC LIMIT 1').get(datasetId) as VocabularyRow | undefined;
}

/** The vocabulary an identical build request on unchanged data already made. */
export function findReusableVocabulary(
  db: Db, spec: { datasetId: number; mode: LabelMode; minCount: number; maxSize: number | null; datasetItems: number },
): number | undefined {
  return db.prepare(`SELECT id FROM vocabularies WHERE dataset_id = ? AND mode = ? AND min_count = ?
      AND max_size IS ? AND dataset_items = ? ORDER BY id DESC LIMIT 1`).pluck()
    .get(spec.datasetId, spec.mode, spec.minCount, spec.maxSize, spec.datasetItems) as number | undefined;
}

/**
 * Vocabularies of a dataset and mode built without a size cap, those for `datasetItems` (the current data)
 * first, then newest first.
 */
export function uncappedVocabularies(db: Db, datasetId: number, mode: LabelMode, datasetItems: number): VocabularyRow[] {
  return db.prepare(`SELECT * FROM vocabularies WHERE dataset_id = ? AND mode = ? AND max_size IS NULL
      ORDER BY dataset_items = ? DESC, id DESC`).all(datasetId, mode, datasetItems) as VocabularyRow[];
}

/** Writes a vocabulary and its synsets (in `synsets` order = class position) in one transaction. */
export function insertVocabulary(db: Db, row: NewVocabulary, synsets: { offset: number; name: string; count: number }[]): number {
  return db.transaction(() => {
    const id = Number(db.prepare(`INSERT INTO vocabularies (dataset_id, mode, min_count, max_size, size, captions, coverage,
        labels_per_caption, dataset_items, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(row.dataset_id, row.mode, row.min_count, row.max_size, row.size, row.captions, row.coverage,
        row.labels_per_caption, row.dataset_items, now()).lastInsertRowid);
    const insert = db.prepare('INSERT INTO vocabulary_synsets (vocabulary_id, position, offset, name, count) VALUES (?, ?, ?, ?, ?)');
    synsets.forEach((s, position) => insert.run(id, position, s.offset, s.name, s.count));
    return id;
  })();
}

/** A vocabulary's synsets in class (position) order; `limit` keeps the first ones only. */
export function vocabularySynsets(db: Db, id: number, limit = -1): VocabularySynsetRow[] {
  return db.prepare('SELECT position, offset, name, count FROM vocabulary_synsets WHERE vocabulary_id = ? ORDER BY position LIMIT ?')
    .all(id, limit) as VocabularySynsetRow[];
}

/** A vocabulary's synsets, most frequent first (ties in class order). */
export function vocabularySynsetsByCount(db: Db, id: number): VocabularySynsetRow[] {
  return db.prepare('SELECT position, offset, name, count FROM vocabulary_synsets WHERE vocabulary_id = ? ORDER BY count DESC, position ASC')
    .all(id) as VocabularySynsetRow[];
}

/** The stored labels (space-separated offsets) of every training caption of a dataset, streamed. */
export function trainingLabelRows(db: Db, datasetId: number, mode: LabelMode): IterableIterator<string> {
  return db.prepare(`SELECT l.synsets FROM item_labels l JOIN items i ON i.id = l.item_id
                     WHERE i.dataset_id = ? AND i.split = 'train' AND l.mode = ?`).pluck().iterate(datasetId, mode) as IterableIterator<string>;
}

/**
 * Prepared statements for labelling a dataset page by page: prepared once, run for every page and item.
 * `unlabelledPage` pages by id so no query is open while writing.
 */
export function itemLabelStatements(db: Db) {
  // `+i.dataset_id` keeps SQLite on the primary-key range scan (id > last): with the (dataset_id, split)
  // index it would re-scan the whole dataset and sort it for every page — quadratic at a million items.
  const page = db.prepare(`SELECT i.id, i.caption FROM items i
      WHERE +i.dataset_id = ? AND i.id > ? AND i.caption <> ''
        AND NOT EXISTS (SELECT 1 FROM item_labels l WHERE l.item_id = i.id AND l.mode = ?)
      ORDER BY i.id LIMIT ?`);
  const insert = db.prepare('INSERT OR REPLACE INTO item_labels (item_id, mode, synsets) VALUES (?, ?, ?)');
  const labelOf = db.prepare('SELECT synsets FROM item_labels WHERE item_id = ? AND mode = ?').pluck();
  return {
    unlabelledPage: (datasetId: number, afterId: number, mode: LabelMode, limit: number) =>
      page.all(datasetId, afterId, mode, limit) as { id: number; caption: string }[],
    insert: (itemId: number, mode: LabelMode, synsets: string) => void insert.run(itemId, mode, synsets),
    /** The stored labels of one item, or undefined when it has none in this mode (an empty caption). */
    labelsOf: (itemId: number, mode: LabelMode) => labelOf.get(itemId, mode) as string | undefined,
  };
}
