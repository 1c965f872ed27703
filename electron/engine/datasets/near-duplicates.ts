import path from 'node:path';
import type { Db } from '../store/database.js';
import type { DatasetRow } from './dataset-repository.js';
import { hashedImages, insertImageHashes, unhashedImages, type HashedImage } from './image-hash-repository.js';
import { ImageCacheReader } from './image-cache.js';
import { dHash } from './perceptual-hash.js';

/**
 * Two images whose dHashes differ in at most this many of their 64 bits are near-duplicates. Resized and
 * re-encoded copies of a photo measure 0–2 apart, different photos about 32 (half the bits); 6 leaves room
 * for slight crops and colour edits while staying far from chance (a random pair is this close with
 * probability below 1e-11).
 */
export const NEAR_DUPLICATE_DISTANCE = 6;

/**
 * Hashes are split into 4 blocks of 16 bits (multi-index hashing): two hashes at most 7 bits apart have a
 * block at most 1 bit apart, so each image is compared only with the images whose block equals one of its own
 * blocks or one of their 16 one-bit neighbours — not with every other image.
 */
const BLOCKS = 4;
const BLOCK_BITS = 16;

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
export function nearDuplicateGroups(
  images: readonly HashedImage[],
  threshold = NEAR_DUPLICATE_DISTANCE,
): HashedImage[][] {
  if (threshold > 2 * BLOCKS - 1)
    throw new RangeError(`threshold ${threshold} is above what ${BLOCKS} hash blocks can find`);
  const hi = Uint32Array.from(images, (image) => parseInt(image.dhash.slice(0, 8), 16));
  const lo = Uint32Array.from(images, (image) => parseInt(image.dhash.slice(8, 16), 16));
  const block = (i: number, b: number) => ((b < 2 ? hi[i] : lo[i]) >>> (b % 2 === 0 ? 16 : 0)) & 0xffff;
  const buckets = Array.from({ length: BLOCKS }, () => new Map<number, number[]>());
  images.forEach((_, i) => {
    for (let b = 0; b < BLOCKS; b++) {
      const members = buckets[b].get(block(i, b));
      if (members) members.push(i);
      else buckets[b].set(block(i, b), [i]);
    }
  });
  const parent = images.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (let i = 0; i < images.length; i++) {
    for (let b = 0; b < BLOCKS; b++) {
      const own = block(i, b);
      for (let flip = -1; flip < BLOCK_BITS; flip++) {
        for (const j of buckets[b].get(flip < 0 ? own : own ^ (1 << flip)) ?? []) {
          if (j <= i || popcount(hi[i] ^ hi[j]) + popcount(lo[i] ^ lo[j]) > threshold) continue;
          const ri = find(i);
          const rj = find(j);
          if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
        }
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

/** Set bits of a 32-bit value. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** The dataset's near-duplicate groups, hashing its images first where needed. */
export async function datasetNearDuplicates(db: Db, home: string, dataset: DatasetRow): Promise<HashedImage[][]> {
  await ensureImageHashes(db, home, dataset);
  return nearDuplicateGroups(hashedImages(db, dataset.id));
}
