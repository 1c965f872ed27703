import path from 'node:path';
import type { Db } from '../store/database.js';
import type { DatasetRow } from './dataset-repository.js';
import { hashedImages, insertImageHashes, unhashedImages, type HashedImage } from './image-hash-repository.js';
import { ImageCacheReader } from './image-cache.js';
import { nearDuplicateGroups } from './near-duplicate-groups.js';
import { dHash } from './perceptual-hash.js';

/** Computes and stores the perceptual hash of every image of the dataset that has none yet. */
export async function ensureImageHashes(db: Db, home: string, dataset: DatasetRow): Promise<void> {
  const missing = unhashedImages(db, dataset.id);
  if (missing.length === 0) return;
  const cache = new ImageCacheReader(path.join(home, dataset.cache_file));
  try {
    const rows: { imageId: number; dhash: string }[] = [];
    for (const image of missing) {
      rows.push({ imageId: image.id, dhash: await dHash(cache.read(image.cache_index), cache.size) });
      if (rows.length === 1000) insertImageHashes(db, rows.splice(0));
    }
    insertImageHashes(db, rows);
  } finally {
    cache.close();
  }
}

/** The dataset's near-duplicate groups, hashing its images first where needed. */
export async function datasetNearDuplicates(db: Db, home: string, dataset: DatasetRow): Promise<HashedImage[][]> {
  await ensureImageHashes(db, home, dataset);
  return nearDuplicateGroups(hashedImages(db, dataset.id));
}
