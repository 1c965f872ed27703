import type { LabelMode } from '../labeling/types.js';
import { now, type Db } from '../store/database.js';

/** An item of a caption dataset with what the view filters look at. */
export interface ViewCandidate {
  id: number;
  image_id: number;
  caption: string;
  split: string | null;
  synsets: string;
  lemmas: string;
}

export interface DatasetViewRow {
  id: number;
  dataset_id: number;
  name: string;
  mode: LabelMode;
  filters_json: string;
  before_json: string;
  after_json: string;
  created_at: string;
}

/** Every item of a dataset with its stored labels for a mode ('' where it has none), in import order. */
export function viewCandidates(db: Db, datasetId: number, mode: LabelMode): ViewCandidate[] {
  return db
    .prepare(
      `SELECT i.id, i.image_id, i.caption, i.split, coalesce(l.synsets, '') AS synsets, coalesce(l.lemmas, '') AS lemmas
      FROM items i LEFT JOIN item_labels l ON l.item_id = i.id AND l.mode = ?
      WHERE i.dataset_id = ? ORDER BY i.id`,
    )
    .all(mode, datasetId) as ViewCandidate[];
}

/** Stores a view and the items it keeps, in one transaction; returns its id. */
export function insertView(
  db: Db,
  view: Omit<DatasetViewRow, 'id' | 'created_at'>,
  itemIds: readonly number[],
): DatasetViewRow {
  return db.transaction(() => {
    const createdAt = now();
    const id = Number(
      db
        .prepare(
          `INSERT INTO dataset_views (dataset_id, name, mode, filters_json, before_json, after_json, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(view.dataset_id, view.name, view.mode, view.filters_json, view.before_json, view.after_json, createdAt)
        .lastInsertRowid,
    );
    const insert = db.prepare('INSERT INTO dataset_view_items (view_id, item_id) VALUES (?, ?)');
    for (const itemId of itemIds) insert.run(id, itemId);
    return { ...view, id, created_at: createdAt };
  })();
}

export function findView(db: Db, datasetId: number, name: string): DatasetViewRow | undefined {
  return db.prepare('SELECT * FROM dataset_views WHERE dataset_id = ? AND name = ?').get(datasetId, name) as
    DatasetViewRow | undefined;
}

export function datasetViews(db: Db, datasetId: number): DatasetViewRow[] {
  return db.prepare('SELECT * FROM dataset_views WHERE dataset_id = ? ORDER BY id').all(datasetId) as DatasetViewRow[];
}

/** The ids of the items a view keeps, ascending. */
export function viewItemIds(db: Db, viewId: number): number[] {
  return db
    .prepare('SELECT item_id FROM dataset_view_items WHERE view_id = ? ORDER BY item_id')
    .pluck()
    .all(viewId) as number[];
}
