import type { Labeler } from '../labeling/types.js';
import type { Db } from '../store/database.js';
import { itemLabelStatements } from './vocabulary-repository.js';

const PAGE = 5_000;

/**
 * Labels every caption of a dataset that has no labels yet for the labeller's mode and stores them in
 * `item_labels` (offsets and lemma classes, space-separated). Pages by id so no query is open while writing, and commits
 * each page in one transaction: an interrupted run keeps what it labelled and resumes from there.
 */
export function ensureItemLabels(db: Db, datasetId: number, labeler: Labeler): number {
  const statements = itemLabelStatements(db);
  const write = db.transaction((rows: { id: number; caption: string }[]) => {
    for (const r of rows) {
      const classes = labeler.classes(r.caption);
      const offsets = classes.synsets.map((s) => Number(s.offset.slice(1)));
      statements.insert(r.id, labeler.mode, offsets.join(' '), classes.lemmas.join(' '));
    }
  });
  let after = 0;
  let labelled = 0;
  for (;;) {
    const rows = statements.unlabelledPage(datasetId, after, labeler.mode, PAGE);
    if (rows.length === 0) return labelled;
    write(rows);
    labelled += rows.length;
    after = rows[rows.length - 1].id;
  }
}
