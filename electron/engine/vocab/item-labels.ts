import type { Labeler } from '../labeling/types.js';
import type { Db } from '../store/database.js';

const PAGE = 5_000;

/**
 * Labels every caption of a dataset that has no labels yet for the labeller's mode and stores them in
 * `item_labels` (offsets and lemma classes, space-separated). Pages by id so no query is open while writing, and commits
 * each page in one transaction: an interrupted run keeps what it labelled and resumes from there.
 */
export function ensureItemLabels(db: Db, datasetId: number, labeler: Labeler): number {
  // `+i.dataset_id` keeps SQLite on the primary-key range scan (id > last): with the (dataset_id, split)
  // index it would re-scan the whole dataset and sort it for every page — quadratic at a million items.
  const page = db.prepare(`SELECT i.id, i.caption FROM items i
      WHERE +i.dataset_id = ? AND i.id > ? AND i.caption <> ''
        AND NOT EXISTS (SELECT 1 FROM item_labels l WHERE l.item_id = i.id AND l.mode = ?)
      ORDER BY i.id LIMIT ?`);
  const insert = db.prepare('INSERT OR REPLACE INTO item_labels (item_id, mode, synsets, lemmas) VALUES (?, ?, ?, ?)');
  const write = db.transaction((rows: { id: number; caption: string }[]) => {
    for (const r of rows) {
      const classes = labeler.classes(r.caption);
      const offsets = classes.synsets.map((s) => Number(s.offset.slice(1)));
      insert.run(r.id, labeler.mode, offsets.join(' '), classes.lemmas.join(' '));
    }
  });
  let after = 0;
  let labelled = 0;
  for (;;) {
    const rows = page.all(datasetId, after, labeler.mode, PAGE) as { id: number; caption: string }[];
    if (rows.length === 0) return labelled;
    write(rows);
    labelled += rows.length;
    after = rows[rows.length - 1].id;
  }
}
