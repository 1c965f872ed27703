import type { z } from 'zod';
import type { VocabEditPreviewRequestSchema, VocabEditPreviewSchema } from '../../shared/vocab-edit.js';
import { createLabeler } from '../labeling/labeler.js';
import type { Db } from '../store/database.js';
import { opsOf, type ClassOp } from './class-edits.js';
import { ensureItemLabels } from './item-labels.js';
import { coverageFigures, countClasses } from './vocabulary.js';
import { classCurve } from './vocabulary-curve.js';
import { editedClassRows, isCustomClass, keptClasses, resolveEdits } from './vocabulary-edit.js';
import { requireVocabulary, storedEdits, type VocabularyVersionRow } from './vocabulary-version-repository.js';

type Request = z.output<typeof VocabEditPreviewRequestSchema>;
type Preview = z.output<typeof VocabEditPreviewSchema>;

/**
 * The business vocabulary editor's live view: the vocabulary curve (classes and coverage against the
 * min-count) of a version with edits not saved yet, and the classes and coverage saving them would give at
 * the version's min-count, beside the version's own. Nothing is stored and no caption is analysed again:
 * the stored labels are rewritten by the edit list, exactly as saving (vocab:edit) and training do.
 */
export function editedVocabularyCurve(db: Db, req: Request): Preview {
  const version = requireVocabulary(db, req.vocabulary);
  ensureItemLabels(db, version.dataset_id, createLabeler(version.mode));
  const baseOps = opsOf(storedEdits(version));
  const ops = [...baseOps, ...opsOf(resolveEdits(req.edits))];
  const { captions, points } = classCurve(() => editedClassRows(db, version, ops), isCustomClass);
  return {
    vocabulary: version.id,
    dataset: version.dataset_name,
    min_count: version.min_count,
    max_size: version.max_size,
    captions,
    pending_edits: req.edits.length,
    points,
    ...figuresAt(db, version, ops),
    base: figuresAt(db, version, baseOps),
  };
}

/** Classes and coverage of the version with `ops` applied, at its min-count and max size. */
function figuresAt(db: Db, version: VocabularyVersionRow, ops: readonly ClassOp[]): { size: number; coverage: number } {
  const kept = keptClasses(countClasses(editedClassRows(db, version, ops)).counts, version);
  const { coverage } = coverageFigures(new Set(kept.map(([key]) => key)), editedClassRows(db, version, ops));
  return { size: kept.length, coverage };
}
