import path from 'node:path';
import type { Db } from '../store/database.js';
import type { DatasetRow } from './dataset-repository.js';
import { hashedImages, insertImageHashes, unhashedImages, type HashedImage } from './image-hash-repository.js';
import { ImageCacheReader } from './image-cache.js';
import { dHash, hammingDistance } from './perceptual-hash.js';

/**
 * Two images whose dHashes differ in at most this many of their 64 bits are near-duplicates. Resized and
 * re-encoded copies of a photo measure 0–2 apart, different photos about 32 (half the bits); 6 leaves room
 * for slight crops and colour edits while staying far from chance (a random pair is this close with
 * probability below 1e-11).
 */
export const NEAR_DUPLICATE_DISTANCE = 6;

/** Hashes are bucketed by each of their 8 bytes: two hashes at most 7 bits apart share at least one byte. */
const BLOCKS = 8;

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

/**
 * Groups of near-duplicate images (connected by pairs at most `threshold` bits apart), largest first, each
 * in image order (the first is the one a filter keeps). Images without a near-duplicate are in no group.
 */
export function nearDuplicateGroups(images: readonly HashedImage[], threshold = NEAR_DUPLICATE_DISTANCE): HashedImage[][] {
  if (threshold >= BLOCKS) throw new RangeError(`threshold ${threshold} needs more than ${BLOCKS} hash blocks`);
  const parent = images.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const buckets = new Map<string, number[]>();
  images.forEach((image, i) => {
    for (let b = 0; b < BLOCKS; b++) {
      const key = `${b}:${image.dhash.slice(b * 2, b * 2 + 2)}`;
      const members = buckets.get(key);
      if (members) members.push(i);
      else buckets.set(key, [i]);
    }
  });
  for (const members of buckets.values()) {
    for (let a = 0; a < members.length; a++) {
      for (let b = a + 1; b < members.length; b++) {
        const ra = find(members[a]);
        const rb = find(members[b]);
        if (ra !== rb && hammingDistance(images[members[a]].dhash, images[members[b]].dhash) <= threshold) parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
    }
  }
  const groups = new Map<number, HashedImage[]>();
  images.forEach((image, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(image);
    else groups.set(root, [image]);
  });
  return [...groups.values()].filter((g) => g.length > 1).sort((a, b) => b.length - a.length || a[0].id - b[0].id);
}

/** The dataset's near-duplicate groups, hashing its images first where needed. */
export async function datasetNearDuplicates(db: Db, home: string, dataset: DatasetRow): Promise<HashedImage[][]> {
  await ensureImageHashes(db, home, dataset);
  return nearDuplicateGroups(hashedImages(db, dataset.id));
}
