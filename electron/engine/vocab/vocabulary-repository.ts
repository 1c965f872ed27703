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
  /** Classes that are lemmas, not synsets (`ja:公園`). */
  lemma_classes: number;
  /** Share of captions with at least one synset class (null for vocabularies stored before lemma classes). */
  synset_coverage: number | null;
  with_lemmas: number;
  /** An edited (business) version: the vocabulary it was edited from, and its whole edit list. */
  parent_id: number | null;
  edits_json: string | null;
}

export type NewVocabulary = Omit<VocabularyRow, 'id' | 'created_at'>;

export interface VocabularySynsetRow {
  position: number;
  /** 0 for a lemma class. */
  offset: number;
  name: string;
  count: number;
  /** The class key of a lemma class (`ja:公園`), null for a synset. */
  lemma: string | null;
}

export function getVocabulary(db: Db, id: number): VocabularyRow | undefined {
  return db.prepare('SELECT * FROM vocabularies WHERE id = ?').get(id) as VocabularyRow | undefined;
}

/** The number of synsets (CatLIP's classes) of a vocabulary; undefined when it does not exist. */
export function vocabularySize(db: Db, id: number): number | undefined {
  return db.prepare('SELECT size FROM vocabularies WHERE id = ?').pluck().get(id) as number | undefined;
}

/** A vocabulary's size and the threshold it was pruned with (min count over how many captions). */
export function vocabularyThresholdRow(
  db: Db,
  id: number,
): { size: number; min_count: number; captions: number } | undefined {
  return db.prepare('SELECT size, min_count, captions FROM vocabularies WHERE id = ?').get(id) as
    { size: number; min_count: number; captions: number } | undefined;
}

/** The newest vocabulary of a dataset, if any was built. */
export function latestVocabulary(db: Db, datasetId: number): VocabularyRow | undefined {
  return db.prepare('SELECT * FROM vocabularies WHERE dataset_id = ? ORDER BY id DESC LIMIT 1').get(datasetId) as
    VocabularyRow | undefined;
}

/** The vocabulary an identical build request on unchanged data already made (edited versions are never reused). */
export function findReusableVocabulary(
  db: Db,
  spec: {
    datasetId: number;
    mode: LabelMode;
    minCount: number;
    maxSize: number | null;
    datasetItems: number;
    withLemmas: boolean;
  },
): number | undefined {
  return db
    .prepare(
      `SELECT id FROM vocabularies WHERE dataset_id = ? AND mode = ? AND min_count = ?
      AND max_size IS ? AND dataset_items = ? AND with_lemmas = ? AND parent_id IS NULL ORDER BY id DESC LIMIT 1`,
    )
    .pluck()
    .get(spec.datasetId, spec.mode, spec.minCount, spec.maxSize, spec.datasetItems, spec.withLemmas ? 1 : 0) as
    number | undefined;
}

/**
 * Vocabularies of a dataset and mode built without a size cap, those for `datasetItems` (the current data)
 * first, then newest first.
 */
export function uncappedVocabularies(
  db: Db,
  datasetId: number,
  mode: LabelMode,
  datasetItems: number,
): VocabularyRow[] {
  return db
    .prepare(
      `SELECT * FROM vocabularies WHERE dataset_id = ? AND mode = ? AND max_size IS NULL
      ORDER BY dataset_items = ? DESC, id DESC`,
    )
    .all(datasetId, mode, datasetItems) as VocabularyRow[];
}

/** Writes a vocabulary and its classes (in `classes` order = class position) in one transaction. */
export function insertVocabulary(
  db: Db,
  row: NewVocabulary,
  classes: { offset: number; name: string; count: number; lemma: string | null }[],
): number {
  return db.transaction(() => {
    const id = Number(
      db
        .prepare(
          `INSERT INTO vocabularies (dataset_id, mode, min_count, max_size, size, captions, coverage,
        labels_per_caption, dataset_items, created_at, lemma_classes, synset_coverage, with_lemmas, parent_id, edits_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          row.dataset_id,
          row.mode,
          row.min_count,
          row.max_size,
          row.size,
          row.captions,
          row.coverage,
          row.labels_per_caption,
          row.dataset_items,
          now(),
          row.lemma_classes,
          row.synset_coverage,
          row.with_lemmas,
          row.parent_id,
          row.edits_json,
        ).lastInsertRowid,
    );
    const insert = db.prepare(
      'INSERT INTO vocabulary_synsets (vocabulary_id, position, offset, name, count, lemma) VALUES (?, ?, ?, ?, ?, ?)',
    );
    classes.forEach((c, position) => insert.run(id, position, c.offset, c.name, c.count, c.lemma));
    return id;
  })();
}

/** A vocabulary's classes in class (position) order; `limit` keeps the first ones only. */
export function vocabularySynsets(db: Db, id: number, limit = -1): VocabularySynsetRow[] {
  return db
    .prepare(
      'SELECT position, offset, name, count, lemma FROM vocabulary_synsets WHERE vocabulary_id = ? ORDER BY position LIMIT ?',
    )
    .all(id, limit) as VocabularySynsetRow[];
}

/** A vocabulary's classes, most frequent first (ties in class order). */
export function vocabularySynsetsByCount(db: Db, id: number): VocabularySynsetRow[] {
  return db
    .prepare(
      'SELECT position, offset, name, count, lemma FROM vocabulary_synsets WHERE vocabulary_id = ? ORDER BY count DESC, position ASC',
    )
    .all(id) as VocabularySynsetRow[];
}

/** The stored labels of every training caption of a dataset, streamed: [space-separated offsets, space-separated lemma classes]. */
export function trainingLabelRows(db: Db, datasetId: number, mode: LabelMode): IterableIterator<[string, string]> {
  return db
    .prepare(
      `SELECT l.synsets, l.lemmas FROM item_labels l JOIN items i ON i.id = l.item_id
                     WHERE i.dataset_id = ? AND i.split = 'train' AND l.mode = ?`,
    )
    .raw()
    .iterate(datasetId, mode) as IterableIterator<[string, string]>;
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
  const insert = db.prepare('INSERT OR REPLACE INTO item_labels (item_id, mode, synsets, lemmas) VALUES (?, ?, ?, ?)');
  const labelOf = db.prepare('SELECT synsets, lemmas FROM item_labels WHERE item_id = ? AND mode = ?');
  return {
    unlabelledPage: (datasetId: number, afterId: number, mode: LabelMode, limit: number) =>
      page.all(datasetId, afterId, mode, limit) as { id: number; caption: string }[],
    insert: (itemId: number, mode: LabelMode, synsets: string, lemmas: string) =>
      void insert.run(itemId, mode, synsets, lemmas),
    /** The stored labels of one item, or undefined when it has none in this mode (an empty caption). */
    labelsOf: (itemId: number, mode: LabelMode) =>
      labelOf.get(itemId, mode) as { synsets: string; lemmas: string } | undefined,
  };
}
