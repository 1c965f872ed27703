/**
 * Seeded pseudo-random numbers for everything the training engine randomises (weight init, crops,
 * flips). xoshiro128** uses only 32-bit integer ops, so it is fast in JS and gives the same stream
 * on every platform; its whole state is four uint32 words, which a checkpoint stores verbatim so a
 * resumed run draws exactly the numbers the uninterrupted run would have drawn.
 */

/** The four state words of an {@link Rng}, as stored in a checkpoint. */
export type RngState = [number, number, number, number];

/** splitmix32: spreads a 32-bit seed over the state so that nearby seeds give unrelated streams. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a over UTF-16 code units: a stable 32-bit hash used to derive per-name seeds. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const TWO_POW_32 = 4294967296;

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  constructor(seed: number) {
    const next = splitmix32(seed);
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    // xoshiro must not start from the all-zero state (it would stay there forever).
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A generator for one named purpose (e.g. a variable's init), independent of creation order. */
  static forName(seed: number, name: string): Rng {
    return new Rng((seed ^ hashString(name)) >>> 0);
  }

  /** Next uint32 (xoshiro128**). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer in [0, n); n must be >= 1. Multiply-shift keeps the bias below 2^-32 * n. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal by Box-Muller; the second value is discarded so that the state stays 4 words. */
  normal(): number {
    // 1 - next() is in (0, 1], so the log is finite.
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  getState(): RngState {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  setState(state: Readonly<RngState>): void {
    if (state.length !== 4 || state.some((w) => !Number.isInteger(w) || w < 0 || w >= TWO_POW_32)) {
      throw new RangeError('Rng state must be four uint32 words');
    }
    if ((state[0] | state[1] | state[2] | state[3]) === 0) throw new RangeError('Rng state must not be all zero');
    [this.s0, this.s1, this.s2, this.s3] = state.map((w) => w | 0);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
