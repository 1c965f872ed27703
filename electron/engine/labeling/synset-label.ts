import type { NounSynset } from '../wordnet/wordnet.js';
import type { SynsetLabel } from './types.js';

/** Frozen so one object can be shared by the per-word memo, the caption cache and every caller. */
export function toLabel(synset: NounSynset, word: string): SynsetLabel {
  return Object.freeze({ name: synset.name, offset: synset.wnid, word });
}

/** Keeps the first label of each synset, in order of first appearance. */
export function dedupeBySynset(labels: readonly SynsetLabel[]): SynsetLabel[] {
  if (labels.length < 2) return labels.slice();
  const seen = new Set<string>();
  const out: SynsetLabel[] = [];
  for (const label of labels) {
    if (seen.has(label.offset)) continue;
    seen.add(label.offset);
    out.push(label);
  }
  return out;
}

/** A memo that forgets everything when full: simpler and faster than LRU for per-word lookups. */
export class ResettingMemo<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly maxEntries: number) {}

  get(key: string, compute: (key: string) => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined || this.entries.has(key)) return hit as V;
    const value = compute(key);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }
}
