import { describe, expect, it } from 'vitest';
import type { HashedImage } from './image-hash-repository.js';
import { nearDuplicateGroups } from './near-duplicate-groups.js';
import { hammingDistance } from './perceptual-hash.js';
import { flipBits as flip, hexHash as hex, seededRandom as random } from '../../../test/bench/random-hashes.js';

/** The reference: every pair compared, bit by bit, joined into connected groups in input order. */
function bruteForceGroups(images: readonly HashedImage[], threshold: number): number[][] {
  const bits = images.map((image) => [parseInt(image.dhash.slice(0, 8), 16), parseInt(image.dhash.slice(8), 16)]);
  const distance = (a: number, b: number) => {
    let n = 0;
    for (let w = 0; w < 2; w++) for (let x = (bits[a][w] ^ bits[b][w]) >>> 0; x; x = (x & (x - 1)) >>> 0) n++;
    return n;
  };
  const parent = images.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let a = 0; a < images.length; a++)
    for (let b = a + 1; b < images.length; b++) if (distance(a, b) <= threshold) parent[find(b)] = find(a);
  const groups = new Map<number, number[]>();
  images.forEach((image, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), image.id]));
  return [...groups.values()].filter((g) => g.length > 1).sort((a, b) => b.length - a.length || a[0] - b[0]);
}

const ids = (groups: HashedImage[][]) => groups.map((g) => g.map((image) => image.id));

function add(images: HashedImage[], dhash: string): HashedImage {
  const image = { id: images.length + 1, source: `line ${images.length + 1}`, dhash };
  images.push(image);
  return image;
}

describe('near-duplicate groups', () => {
  it('joins images through chains of close pairs and keeps the first image of each group first', () => {
    const images = [
      { id: 1, source: 'a', dhash: '0000000000000000' },
      { id: 2, source: 'b', dhash: 'ffffffffffffffff' },
      { id: 3, source: 'c', dhash: '000000000000003f' }, // 6 bits from a
      { id: 4, source: 'd', dhash: '0000000000000fff' }, // 6 bits from c, 12 from a
      { id: 5, source: 'e', dhash: 'fffffffffffffff0' }, // 4 bits from b
      { id: 6, source: 'f', dhash: 'f0f0f0f0f0f0f0f0' }, // far from all
    ];
    expect(hammingDistance(images[0].dhash, images[3].dhash)).toBe(12);
    expect(ids(nearDuplicateGroups(images))).toEqual([
      [1, 3, 4],
      [2, 5],
    ]);
    expect(ids(nearDuplicateGroups(images, 5))).toEqual([[2, 5]]);
  });

  it('gives the groups of a comparison of all pairs, with copies planted 0 to 7 bits away', () => {
    const next = random(12345);
    const images: HashedImage[] = [];
    const planted: { base: HashedImage; copy: HashedImage; distance: number }[] = [];
    for (let i = 0; i < 800; i++) add(images, hex(next(), next()));
    for (let i = 0; i < 320; i++) {
      const base = images[i];
      const distance = i % 8;
      planted.push({ base, copy: add(images, flip(base.dhash, distance, next)), distance });
    }
    for (const threshold of [0, 3, 6, 7]) {
      const groups = nearDuplicateGroups(images, threshold);
      expect(ids(groups)).toEqual(bruteForceGroups(images, threshold));
      const groupOf = new Map(groups.flatMap((g, n) => g.map((image) => [image.id, n] as const)));
      for (const { base, copy, distance } of planted) {
        const together = groupOf.has(base.id) && groupOf.get(base.id) === groupOf.get(copy.id);
        expect(together, `${base.dhash} and ${copy.dhash}, ${distance} bits apart, threshold ${threshold}`).toBe(
          distance <= threshold,
        );
      }
    }
    // the default threshold is 6: a copy 7 bits away is not a near-duplicate
    expect(ids(nearDuplicateGroups(images))).toEqual(bruteForceGroups(images, 6));
    expect(planted.filter((p) => p.distance === 7)).toHaveLength(40);
  });

  it('joins thousands of identical hashes and hashes crowding one block like a comparison of all pairs', () => {
    const next = random(777);
    const images: HashedImage[] = [];
    // blank images all hash to zero; near-blank ones differ in a few low bits; and 400 hashes share their
    // high 32 bits (two full blocks) while their low bits are random
    for (let i = 0; i < 3000; i++) add(images, '0000000000000000');
    for (let i = 0; i < 30; i++) add(images, flip('0000000000000000', 1 + (i % 8), next));
    for (let i = 0; i < 400; i++) add(images, hex(0x12345678, next()));
    for (let i = 0; i < 40; i++) add(images, flip(images[3030 + i].dhash, i % 8, next));
    for (let i = 0; i < 200; i++) add(images, hex(next(), next()));
    for (let i = 0; i < 300; i++) add(images, images[3030 + (i % 7)].dhash); // repeats inside the crowded block
    const groups = nearDuplicateGroups(images);
    expect(ids(groups)).toEqual(bruteForceGroups(images, 6));
    expect(groups[0][0].id).toBe(1);
    expect(groups[0].length).toBeGreaterThanOrEqual(3000);
  });

  it('finds every pair a comparison of all pairs finds, with the bits of a pair spread over the hash', () => {
    // a fixed pseudo-random set: 300 hashes, and for 100 of them a copy with 1–7 bits flipped anywhere
    let state = 12345;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    const hex = (hi: number, lo: number) => hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
    const images: { id: number; source: string; dhash: string }[] = [];
    for (let i = 0; i < 300; i++) images.push({ id: images.length + 1, source: `r${i}`, dhash: hex(next(), next()) });
    for (let i = 0; i < 100; i++) {
      let hi = parseInt(images[i]!.dhash.slice(0, 8), 16);
      let lo = parseInt(images[i]!.dhash.slice(8), 16);
      for (let k = 0; k < 1 + (i % 7); k++) {
        const bit = next() % 64;
        if (bit < 32) hi = (hi ^ (1 << bit)) >>> 0;
        else lo = (lo ^ (1 << (bit - 32))) >>> 0;
      }
      images.push({ id: images.length + 1, source: `c${i}`, dhash: hex(hi, lo) });
    }
    for (const threshold of [3, 6, 7]) {
      const pairs = new Set<string>();
      for (const g of nearDuplicateGroups(images, threshold))
        for (const a of g) for (const b of g) if (a.id < b.id) pairs.add(`${a.id}-${b.id}`);
      for (const a of images) {
        for (const b of images) {
          if (a.id < b.id && hammingDistance(a.dhash, b.dhash) <= threshold)
            expect(pairs.has(`${a.id}-${b.id}`)).toBe(true);
        }
      }
    }
  });

  it('answers an empty list and refuses a threshold the blocks cannot serve', () => {
    expect(nearDuplicateGroups([])).toEqual([]);
    expect(() => nearDuplicateGroups([], 8)).toThrow(RangeError);
    expect(() => nearDuplicateGroups([], -1)).toThrow(RangeError);
  });
});
