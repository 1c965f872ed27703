import type { Db } from '../store/database.js';

export interface HashedImage {
  id: number;
  source: string;
  dhash: string;
}

/** Images of a dataset that have no perceptual hash yet, with their record in the image cache. */
export function unhashedImages(db: Db, datasetId: number): { id: number; cache_index: number }[] {
  return db
    .prepare(
      `SELECT im.id, im.cache_index FROM images im LEFT JOIN image_hashes h ON h.image_id = im.id
      WHERE im.dataset_id = ? AND h.image_id IS NULL ORDER BY im.id`,
    )
    .all(datasetId) as { id: number; cache_index: number }[];
}

/** Stores computed hashes in one transaction. */
export function insertImageHashes(db: Db, rows: readonly { imageId: number; dhash: string }[]): void {
  const insert = db.prepare('INSERT OR REPLACE INTO image_hashes (image_id, dhash) VALUES (?, ?)');
  db.transaction(() => {
    for (const r of rows) insert.run(r.imageId, r.dhash);
  })();
}

/** Every image of a dataset with its hash (images without one are left out), in image order. */
export function hashedImages(db: Db, datasetId: number): HashedImage[] {
  return db
    .prepare(
      `SELECT im.id, im.source, h.dhash FROM images im JOIN image_hashes h ON h.image_id = im.id
      WHERE im.dataset_id = ? ORDER BY im.id`,
    )
    .all(datasetId) as HashedImage[];
}
