/**
 * Deterministic synthetic image-caption pairs for tests and smoke runs. Pair i shows one of 8
 * attributes and one of 8 things ("red cat"): its image is the sum of a fixed random pattern per
 * attribute and per thing plus per-image noise, its labels are {attribute, 8 + thing} over 16
 * classes. Every pair has a distinct caption and label set, yet the content is compositional the way
 * real captions describe images, so a tiny model can fit all 64 pairs in tens of steps (pure noise
 * images would need several times more, beyond a CPU test budget).
 */
import { Rng } from './rng.js';

export const SYNTHETIC_ATTRIBUTES = ['red', 'green', 'blue', 'yellow', 'purple', 'orange', 'white', 'black'] as const;
export const SYNTHETIC_THINGS = ['cat', 'dog', 'tree', 'car', 'boat', 'house', 'bird', 'fish'] as const;
export const SYNTHETIC_CLASSES = SYNTHETIC_ATTRIBUTES.length + SYNTHETIC_THINGS.length;
export const SYNTHETIC_MAX_PAIRS = SYNTHETIC_ATTRIBUTES.length * SYNTHETIC_THINGS.length;

export interface SyntheticPairs {
  count: number;
  size: number;
  /** float32 [count, size, size, 3], zero-mean, roughly unit-variance (already "normalised"). */
  images: Float32Array;
  /** Class indices per pair: [attribute, 8 + thing]. */
  labels: number[][];
  captions: string[];
}

export function syntheticPairs(count: number, size: number, seed: number, noise = 0.5): SyntheticPairs {
  if (!Number.isInteger(count) || count < 1 || count > SYNTHETIC_MAX_PAIRS)
    throw new RangeError(`count must be 1..${SYNTHETIC_MAX_PAIRS}`);
  const rng = new Rng(seed);
  const pixels = size * size * 3;
  const patterns = Array.from({ length: SYNTHETIC_CLASSES }, () =>
    Float32Array.from({ length: pixels }, () => rng.normal()),
  );
  const images = new Float32Array(count * pixels);
  const labels: number[][] = [];
  const captions: string[] = [];
  for (let i = 0; i < count; i++) {
    const attribute = i % SYNTHETIC_ATTRIBUTES.length;
    const thing = Math.floor(i / SYNTHETIC_ATTRIBUTES.length);
    labels.push([attribute, SYNTHETIC_ATTRIBUTES.length + thing]);
    captions.push(`${SYNTHETIC_ATTRIBUTES[attribute]} ${SYNTHETIC_THINGS[thing]}`);
    const a = patterns[attribute];
    const t = patterns[SYNTHETIC_ATTRIBUTES.length + thing];
    for (let k = 0; k < pixels; k++) images[i * pixels + k] = a[k] + t[k] + noise * rng.normal();
  }
  return { count, size, images, labels, captions };
}

/**
 * The overfit tests' training loop: reshuffled mini-batches over `count` items (seeded), one `step` each,
 * until `score()` (checked every `checkEvery` steps) reaches `target` or `maxSteps` have run.
 * Returns the score before training and the last score measured.
 */
export async function fitUntil(opts: {
  count: number;
  batchSize: number;
  rng: Rng;
  target: number;
  maxSteps: number;
  checkEvery: number;
  score: () => number;
  step: (picked: number[], step: number) => Promise<void>;
}): Promise<{ initial: number; final: number; steps: number }> {
  const order = Array.from({ length: opts.count }, (_, i) => i);
  const initial = opts.score();
  let final = initial;
  let steps = 0;
  while (final < opts.target && steps < opts.maxSteps) {
    const start = (steps * opts.batchSize) % opts.count;
    if (start === 0) shuffleInPlace(order, opts.rng);
    await opts.step(order.slice(start, start + opts.batchSize), steps);
    steps++;
    if (steps % opts.checkEvery === 0) final = opts.score();
  }
  return { initial, final, steps };
}

function shuffleInPlace(a: number[], rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
}
