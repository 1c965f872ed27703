import { Rng } from '../training/model/rng.js';

/**
 * Indices (ascending) of a stratified, seeded subset of `labels`: from each class with n items,
 * max(1, round(n × fraction)) items, drawn by a seeded shuffle of that class. Each class has its own
 * stream (seed, class index), so a class's draw does not depend on the others, and for one seed the
 * subsets are nested: the 1% subset lies inside the 10% subset (as the paper's 1% / 10% ImageNet splits).
 */
export function stratifiedSubset(labels: ArrayLike<number>, fraction: number, seed: number): Int32Array {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`fraction must be in (0, 1], got ${fraction}`);
  if (fraction === 1) return Int32Array.from({ length: labels.length }, (_, i) => i);
  const chosen: number[] = [];
  for (const items of shuffledClasses(labels, seed, 'fraction'))
    chosen.push(...items.slice(0, Math.max(1, Math.round(items.length * fraction))));
  return Int32Array.from(chosen).sort();
}

/**
 * A stratified, seeded hold-out (the linear probe's validation split): from each class with n ≥ 2 items,
 * min(n − 1, max(1, round(n × share))) items are held out, so every class keeps at least one item to
 * train on; a class with one item is kept whole. Both lists ascending.
 */
export function holdOut(
  labels: ArrayLike<number>,
  share: number,
  seed: number,
): { kept: Int32Array; held: Int32Array } {
  const kept: number[] = [];
  const held: number[] = [];
  for (const items of shuffledClasses(labels, seed, 'hold-out')) {
    const count = items.length < 2 ? 0 : Math.min(items.length - 1, Math.max(1, Math.round(items.length * share)));
    held.push(...items.slice(0, count));
    kept.push(...items.slice(count));
  }
  return { kept: Int32Array.from(kept).sort(), held: Int32Array.from(held).sort() };
}

/** Each class's item indices, shuffled by its own stream (seed, purpose, class) so classes do not interact. */
function shuffledClasses(labels: ArrayLike<number>, seed: number, purpose: string): number[][] {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byClass.get(labels[i]);
    if (list) list.push(i);
    else byClass.set(labels[i], [i]);
  }
  return [...byClass].map(([label, items]) => {
    const rng = Rng.forName(seed, `${purpose}/class/${label}`);
    for (let i = items.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  });
}
