/**
 * Reproducible 64-bit perceptual hashes for near-duplicate tests and the bench: a seeded generator and
 * copies a chosen number of bits away.
 */

/** A fixed pseudo-random sequence of 32-bit values (mulberry32: the same set every run for a seed). */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A hash written as the 16 hex digits the database stores, from its high and low 32 bits. */
export function hexHash(hi: number, lo: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** `hash` with exactly `distance` different bits flipped, anywhere in the 64. */
export function flipBits(hash: string, distance: number, next: () => number): string {
  let hi = parseInt(hash.slice(0, 8), 16);
  let lo = parseInt(hash.slice(8), 16);
  const bits = new Set<number>();
  while (bits.size < distance) bits.add(next() % 64);
  for (const bit of bits) {
    if (bit < 32) hi ^= 1 << bit;
    else lo ^= 1 << (bit - 32);
  }
  return hexHash(hi, lo);
}
