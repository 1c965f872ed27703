import type { LabelMode } from '../labeling/types.js';
import type { Db } from '../store/database.js';

/** Every caption of a dataset (item id, image id, caption) with its stored labels for a mode (all splits), streamed. */
export function captionLabelRows(
  db: Db,
  datasetId: number,
  mode: LabelMode,
): IterableIterator<[number, number, string, string, string]> {
  return db
    .prepare(
      `SELECT i.id, i.image_id, i.caption, l.synsets, l.lemmas FROM items i JOIN item_labels l ON l.item_id = i.id
      WHERE i.dataset_id = ? AND l.mode = ? AND i.caption <> ''`,
    )
    .raw()
    .iterate(datasetId, mode) as IterableIterator<[number, number, string, string, string]>;
}

/** Images found at import to have the same content (sha256) as another file of the dataset. */
export function duplicateImageCount(db: Db, datasetId: number): number {
  return db
    .prepare('SELECT coalesce(sum(duplicates), 0) FROM imports WHERE dataset_id = ?')
    .pluck()
    .get(datasetId) as number;
}

/** Images stored for a dataset (exact duplicates are one image). */
export function countImages(db: Db, datasetId: number): number {
  return db.prepare('SELECT count(*) FROM images WHERE dataset_id = ?').pluck().get(datasetId) as number;
}
