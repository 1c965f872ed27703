import type { Db } from '../store/database.js';
import { applyClassOps, opsOf } from './class-edits.js';
import { classKeysOf, type ClassKey } from './class-keys.js';
import { itemLabelStatements, type VocabularyRow } from './vocabulary-repository.js';
import { storedEdits } from './vocabulary-version-repository.js';

/**
 * The classes of one caption under a vocabulary: its stored labels in the vocabulary's mode, rewritten by the
 * vocabulary's edit list when it is an edited (business) version. Shared by the trainer's targets and the
 * CoreNet export of precomputed labels, so both give a caption the same classes.
 */
export function itemClassKeys(db: Db, vocab: VocabularyRow): (itemId: number, caption: string) => ClassKey[] {
  const { labelsOf } = itemLabelStatements(db);
  const ops = opsOf(storedEdits(vocab));
  return (itemId, caption) => {
    const stored = labelsOf(itemId, vocab.mode);
    const keys = classKeysOf(stored?.synsets ?? '', stored?.lemmas ?? '');
    return ops.length ? applyClassOps(keys, caption, ops) : keys;
  };
}
