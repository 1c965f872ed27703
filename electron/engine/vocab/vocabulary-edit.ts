import type { z } from 'zod';
import type { VocabSummary } from '../../shared/channels.js';
import type { VocabEdit, VocabEditRequestSchema } from '../../shared/vocab-edit.js';
import { createLabeler } from '../labeling/labeler.js';
import type { Db } from '../store/database.js';
import { loadJapaneseWordNet } from '../wordnet/japanese-wordnet.js';
import { loadWordNet } from '../wordnet/wordnet.js';
import { applyClassOps, ClassResolver, opsOf, type ClassOp, type StoredEdit } from './class-edits.js';
import type { ClassKey } from './class-keys.js';
import { ensureItemLabels } from './item-labels.js';
import {
  requireVocabulary,
  storedEdits,
  trainingCaptionClasses,
  type VocabularyVersionRow,
} from './vocabulary-version-repository.js';
import { countClasses, keepClasses, storeVocabulary, vocabularySummary } from './vocabulary.js';

export type VocabEditRequest = z.output<typeof VocabEditRequestSchema>;

/**
 * A business vocabulary: applies edits (map a term to a synset, merge classes, add a custom class, stop-list
 * generic ones) to a vocabulary and stores the result as a new immutable version that names its parent and
 * keeps the whole edit list. No caption is analysed again: the stored labels are rewritten class by class,
 * and `relabelled` counts the training captions whose classes the new edits changed.
 */
export function editVocabulary(
  db: Db,
  req: VocabEditRequest,
): VocabSummary & { parent: number; edits: StoredEdit[]; relabelled: number } {
  const started = performance.now();
  const parent = requireVocabulary(db, req.vocabulary);
  ensureItemLabels(db, parent.dataset_id, createLabeler(parent.mode));
  const parentEdits = storedEdits(parent);
  const edits = [...parentEdits, ...resolveEdits(req.edits)];
  const parentOps = opsOf(parentEdits);
  const ops = opsOf(edits);
  const withLemmas = parent.with_lemmas === 1;

  let relabelled = 0;
  const editedRows = () => editedClassRows(db, parent, ops);
  for (const { caption, keys } of trainingCaptionClasses(db, parent.dataset_id, parent.mode, withLemmas)) {
    const before = applyClassOps(keys, caption, parentOps);
    const after = applyClassOps(keys, caption, ops);
    if (before.length !== after.length || before.some((k, i) => k !== after[i])) relabelled++;
  }
  const kept = keptClasses(countClasses(editedRows()).counts, parent);
  const id = storeVocabulary(
    db,
    {
      datasetId: parent.dataset_id,
      mode: parent.mode,
      minCount: parent.min_count,
      maxSize: parent.max_size,
      datasetItems: parent.dataset_items,
      withLemmas,
      parentId: parent.id,
      editsJson: JSON.stringify(edits),
    },
    kept,
    editedRows,
  );
  const summary = vocabularySummary(db, id, parent.dataset_name, req.top, false, (performance.now() - started) / 1000);
  return { ...summary, parent: parent.id, edits, relabelled };
}

/** Edits resolved to class operations against the wordnets. */
export function resolveEdits(edits: readonly VocabEdit[]): StoredEdit[] {
  const resolver = new ClassResolver(loadWordNet(), loadJapaneseWordNet());
  return edits.map((edit) => ({ edit, ops: resolver.resolve(edit) }));
}

/** Each training caption's classes in the vocabulary's dataset and mode with `ops` applied, streamed. */
export function* editedClassRows(
  db: Db,
  version: VocabularyVersionRow,
  ops: readonly ClassOp[],
): Generator<ClassKey[]> {
  for (const { caption, keys } of trainingCaptionClasses(
    db,
    version.dataset_id,
    version.mode,
    version.with_lemmas === 1,
  ))
    yield applyClassOps(keys, caption, ops);
}

/** A custom class is the user's explicit wish: kept whenever a caption triggers it, whatever the threshold. */
export const isCustomClass = (key: ClassKey): boolean => key.startsWith('custom:');

/** The classes an edited version keeps: its min-count and max size, custom classes always. */
export function keptClasses(
  counts: ReadonlyMap<ClassKey, number>,
  version: Pick<VocabularyVersionRow, 'min_count' | 'max_size'>,
): [ClassKey, number][] {
  return keepClasses(counts, version.min_count, version.max_size, isCustomClass);
}
