import type { z } from 'zod';
import type { VocabEditPreviewRequestSchema, VocabEditPreviewSchema } from '../../shared/vocab-edit.js';
import { createLabeler } from '../labeling/labeler.js';
import type { Db } from '../store/database.js';
import { applyClassOps, opsOf } from './class-edits.js';
import type { ClassKey } from './class-keys.js';
import { ensureItemLabels } from './item-labels.js';
import { CurveCounter } from './vocabulary-curve.js';
import { isCustomClass, keptClasses, resolveEdits } from './vocabulary-edit.js';
import { requireVocabulary, storedEdits, trainingCaptionClasses } from './vocabulary-version-repository.js';

type Request = z.output<typeof VocabEditPreviewRequestSchema>;
type Preview = z.output<typeof VocabEditPreviewSchema>;

/**
 * The business vocabulary editor's live view: the vocabulary curve (classes and coverage against the
 * min-count) of a version with edits not saved yet, and the classes and coverage saving them would give at
 * the version's min-count, beside the version's own. Nothing is stored and no caption is analysed again:
 * the stored labels are rewritten by the edit list, as saving (vocab:edit) and training do. Two passes over
 * the training captions, each applying the version's edits and then the new ones to a caption's classes.
 */
export function editedVocabularyCurve(db: Db, req: Request): Preview {
  const version = requireVocabulary(db, req.vocabulary);
  ensureItemLabels(db, version.dataset_id, createLabeler(version.mode));
  const baseOps = opsOf(storedEdits(version));
  const pendingOps = opsOf(resolveEdits(req.edits));
  const captionsOfVersion = function* (): Generator<{ base: ClassKey[]; edited: ClassKey[] }> {
    const withLemmas = version.with_lemmas === 1;
    for (const { caption, keys } of trainingCaptionClasses(db, version.dataset_id, version.mode, withLemmas)) {
      const base = applyClassOps(keys, caption, baseOps);
      yield { base, edited: applyClassOps(base, caption, pendingOps) };
    }
  };
  const base = new CurveCounter(isCustomClass);
  const edited = new CurveCounter(isCustomClass);
  for (const row of captionsOfVersion()) {
    base.count(row.base);
    edited.count(row.edited);
  }
  const keptBase = new Set(keptClasses(base.counts, version).map(([key]) => key));
  const keptEdited = new Set(keptClasses(edited.counts, version).map(([key]) => key));
  let coveredBase = 0;
  let coveredEdited = 0;
  for (const row of captionsOfVersion()) {
    edited.reach(row.edited);
    if (row.base.some((key) => keptBase.has(key))) coveredBase++;
    if (row.edited.some((key) => keptEdited.has(key))) coveredEdited++;
  }
  const share = (n: number) => (edited.captions ? n / edited.captions : 0);
  return {
    vocabulary: version.id,
    dataset: version.dataset_name,
    min_count: version.min_count,
    max_size: version.max_size,
    captions: edited.captions,
    pending_edits: req.edits.length,
    points: edited.points(),
    size: keptEdited.size,
    coverage: share(coveredEdited),
    base: { size: keptBase.size, coverage: share(coveredBase) },
  };
}
