import { noteError } from '../../shared/errors.js';
import type { LabelMode } from '../labeling/types.js';
import type { Db } from '../store/database.js';
import { classKeysOf, type ClassKey } from './class-keys.js';
import type { StoredEdit } from './class-edits.js';

export interface VocabularyVersionRow {
  id: number;
  dataset_id: number;
  dataset_name: string;
  mode: LabelMode;
  min_count: number;
  max_size: number | null;
  dataset_items: number;
  with_lemmas: number;
  parent_id: number | null;
  edits_json: string | null;
}

export function requireVocabulary(db: Db, id: number): VocabularyVersionRow {
  const row = db
    .prepare(
      `SELECT v.id, v.dataset_id, d.name AS dataset_name, v.mode, v.min_count, v.max_size, v.dataset_items,
      v.with_lemmas, v.parent_id, v.edits_json FROM vocabularies v JOIN datasets d ON d.id = v.dataset_id WHERE v.id = ?`,
    )
    .get(id) as VocabularyVersionRow | undefined;
  if (!row) throw noteError('not-found', 'vocab.notFound', { id });
  return row;
}

/** The edit list from the built root to this vocabulary version (empty for a built vocabulary). */
export function storedEdits(row: Pick<VocabularyVersionRow, 'edits_json'>): StoredEdit[] {
  return row.edits_json ? (JSON.parse(row.edits_json) as StoredEdit[]) : [];
}

/** Each training caption with its stored classes (lemma classes only when asked for), streamed. */
export function* trainingCaptionClasses(
  db: Db,
  datasetId: number,
  mode: LabelMode,
  withLemmas: boolean,
): Generator<{ caption: string; keys: ClassKey[] }> {
  const rows = db
    .prepare(
      `SELECT i.caption, l.synsets, l.lemmas FROM item_labels l JOIN items i ON i.id = l.item_id
      WHERE i.dataset_id = ? AND i.split = 'train' AND l.mode = ?`,
    )
    .raw()
    .iterate(datasetId, mode) as IterableIterator<[string, string, string]>;
  for (const [caption, synsets, lemmas] of rows)
    yield { caption, keys: classKeysOf(synsets, withLemmas ? lemmas : '') };
}
