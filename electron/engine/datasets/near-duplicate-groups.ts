import type { HashedImage } from './image-hash-repository.js';

/**
 * Two images whose dHashes differ in at most this many of their 64 bits are near-duplicates. Resized and
 * re-encoded copies of a photo measure 0–2 apart, different photos about 32 (half the bits); 6 leaves room
 * for slight crops and colour edits while staying far from chance (a random pair is this close with
 * probability below 1e-11).
 */
export const NEAR_DUPLICATE_DISTANCE = 6;

/** The hash is cut into 4 blocks of 16 bits (multi-index hashing, see `nearDuplicateGroups`). */
const BLOCKS = 4;
const BLOCK_BITS = 16;
const BLOCK_VALUES = 1 << BLOCK_BITS;
/** The largest threshold that blocks searched at most 1 bit apart can serve exactly: 2 × 4 − 1. */
const MAX_THRESHOLD = 2 * BLOCKS - 1;

/**
 * Groups of near-duplicate images (connected by pairs at most `threshold` bits apart), largest first, each
 * in image order (the first is the one a filter keeps). Images without a near-duplicate are in no group.
 *
 * Exact and near-linear on real data, so a million images group in seconds:
 * 1. identical hashes (blank or solid images, the same photo under two names) are one distinct hash: they
 *    are joined without comparing them pairwise, however many there are;
 * 2. the distinct hashes are cut into 4 blocks of 16 bits. With `threshold` = 4s + a (0 ≤ a < 4), two hashes
 *    that close have one of blocks 0..a at most s bits apart or one of the other blocks at most s − 1 bits
 *    apart (otherwise they differ in at least (a + 1)(s + 1) + (3 − a)s = threshold + 1 bits). So, per
 *    block, only hashes whose block values are equal or (where the radius is 1) one bit apart are compared —
 *    about 400 comparisons per hash at a million uniformly spread hashes rather than a million;
 * 3. the pairs found join union-find sets; no pair is stored.
 * Memory besides the input and the groups: about 50 bytes per image in typed arrays.
 * Worst case: distinct hashes that share a block value are compared pairwise, so a set built to make
 * hundreds of thousands of distinct hashes agree on 16 bits (not seen in photos) costs quadratic time.
 */
export function nearDuplicateGroups(
  images: readonly HashedImage[],
  threshold = NEAR_DUPLICATE_DISTANCE,
): HashedImage[][] {
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > MAX_THRESHOLD)
    throw new RangeError(`threshold ${threshold} must be a whole number of bits from 0 to ${MAX_THRESHOLD}`);
  const hashes = distinctHashes(images);
  const sets = new DisjointSets(hashes.hi.length);
  const base = Math.floor(threshold / BLOCKS);
  const extra = threshold % BLOCKS;
  for (let b = 0; b < BLOCKS; b++) {
    const radius = b <= extra ? base : base - 1;
    if (radius >= 0) joinThroughBlock(hashes, b, radius, threshold, sets);
  }
  return collectGroups(images, hashes.of, sets);
}

interface DistinctHashes {
  /** High and low 32 bits of each distinct hash, in ascending order. */
  hi: Uint32Array;
  lo: Uint32Array;
  /** Index of each image's hash among the distinct ones. */
  of: Uint32Array;
}

/** The distinct hashes (sorted natively as 64-bit integers) and which one each image has. */
function distinctHashes(images: readonly HashedImage[]): DistinctHashes {
  const n = images.length;
  const imageHi = new Uint32Array(n);
  const imageLo = new Uint32Array(n);
  const sorted = new BigUint64Array(n);
  for (let i = 0; i < n; i++) {
    const hex = images[i].dhash;
    imageHi[i] = parseInt(hex.slice(0, 8), 16);
    imageLo[i] = parseInt(hex.slice(8, 16), 16);
    sorted[i] = (BigInt(imageHi[i]) << 32n) | BigInt(imageLo[i]);
  }
  sorted.sort();
  let m = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i];
  const hi = new Uint32Array(m);
  const lo = new Uint32Array(m);
  for (let k = 0; k < m; k++) {
    hi[k] = Number(sorted[k] >> 32n);
    lo[k] = Number(sorted[k] & 0xffffffffn);
  }
  const of = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    // binary search on (hi, lo): the hash is among the distinct ones by construction
    let low = 0;
    let high = m - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (hi[mid] < imageHi[i] || (hi[mid] === imageHi[i] && lo[mid] < imageLo[i])) low = mid + 1;
      else high = mid;
    }
    of[i] = low;
  }
  return { hi, lo, of };
}

/**
 * Joins every two distinct hashes at most `threshold` bits apart whose block `b` values are equal or, with
 * `radius` 1, one bit apart. The hashes are laid out bucket by bucket (counting sort on the block value) with
 * copies of their bits, so each comparison reads memory in order.
 */
function joinThroughBlock(
  hashes: DistinctHashes,
  b: number,
  radius: number,
  threshold: number,
  sets: DisjointSets,
): void {
  const { hi, lo } = hashes;
  const m = hi.length;
  const word = b < 2 ? hi : lo;
  const shift = b % 2 === 0 ? 16 : 0;
  const start = new Uint32Array(BLOCK_VALUES + 1);
  for (let k = 0; k < m; k++) start[((word[k] >>> shift) & 0xffff) + 1]++;
  for (let v = 0; v < BLOCK_VALUES; v++) start[v + 1] += start[v];
  const member = new Uint32Array(m);
  const memberHi = new Uint32Array(m);
  const memberLo = new Uint32Array(m);
  const fill = start.slice(0, BLOCK_VALUES);
  for (let k = 0; k < m; k++) {
    const at = fill[(word[k] >>> shift) & 0xffff]++;
    member[at] = k;
    memberHi[at] = hi[k];
    memberLo[at] = lo[k];
  }
  const compare = (x: number, y: number) => {
    if (popcount(memberHi[x] ^ memberHi[y]) + popcount(memberLo[x] ^ memberLo[y]) <= threshold)
      sets.join(member[x], member[y]);
  };
  for (let v = 0; v < BLOCK_VALUES; v++) {
    const end = start[v + 1];
    if (end === start[v]) continue;
    for (let x = start[v]; x < end; x++) for (let y = x + 1; y < end; y++) compare(x, y);
    if (radius === 0) continue;
    for (let bit = 0; bit < BLOCK_BITS; bit++) {
      const w = v ^ (1 << bit);
      if (w < v) continue; // each pair of neighbouring buckets once
      for (let x = start[v]; x < end; x++) for (let y = start[w]; y < start[w + 1]; y++) compare(x, y);
    }
  }
}

/** Union-find over distinct hashes, with path halving; the smaller index becomes the root. */
class DisjointSets {
  private readonly parent: Uint32Array;
  constructor(readonly size: number) {
    this.parent = new Uint32Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
  }
  find(i: number): number {
    const parent = this.parent;
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  }
  join(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** The sets with more than one image, as image lists in input order, largest first, ties by first image id. */
function collectGroups(images: readonly HashedImage[], of: Uint32Array, sets: DisjointSets): HashedImage[][] {
  const root = new Uint32Array(images.length);
  const size = new Uint32Array(sets.size);
  for (let i = 0; i < images.length; i++) size[(root[i] = sets.find(of[i]))]++;
  const groups = new Map<number, HashedImage[]>();
  for (let i = 0; i < images.length; i++) {
    if (size[root[i]] < 2) continue;
    const group = groups.get(root[i]);
    if (group) group.push(images[i]);
    else groups.set(root[i], [images[i]]);
  }
  return [...groups.values()].sort((a, b) => b.length - a.length || a[0].id - b[0].id);
}

/** Set bits of a 32-bit value. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
