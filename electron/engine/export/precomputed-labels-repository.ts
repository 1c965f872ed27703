import type { Db } from '../store/database.js';

export interface LabelExportItem {
  id: number;
  caption: string;
  split: string | null;
  /** Where the item came from (`manifest.jsonl:12`, `train2017/….jpg`). */
  source: string;
  /** Content hash of its image file: a key any data loader can compute from the file itself. */
  sha256: string;
  /** Where the image was first seen at import. */
  image_source: string;
}

/** Every caption item of a dataset with its image's hash, in import order. */
export function labelExportItems(db: Db, datasetId: number): LabelExportItem[] {
  return db
    .prepare(
      `SELECT i.id, i.caption, i.split, i.source, im.sha256, im.source AS image_source
      FROM items i JOIN images im ON im.id = i.image_id WHERE i.dataset_id = ? AND i.caption <> '' ORDER BY i.id`,
    )
    .all(datasetId) as LabelExportItem[];
}
