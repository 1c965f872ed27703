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
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byClass.get(labels[i]);
    if (list) list.push(i);
    else byClass.set(labels[i], [i]);
  }
  const chosen: number[] = [];
  for (const [label, items] of byClass) {
    const rng = Rng.forName(seed, `fraction/class/${label}`);
    for (let i = items.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    chosen.push(...items.slice(0, Math.max(1, Math.round(items.length * fraction))));
  }
  return Int32Array.from(chosen).sort();
}
