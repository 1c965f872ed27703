import { loadWordNet, type WordNet } from '../wordnet/wordnet.js';
import { CoreNetLabeler } from './corenet-labeler.js';
import { LruCache } from './lru-cache.js';
import { PaperLabeler } from './paper-labeler.js';
import type { LabelMode, LocatingLabeler, SynsetLabel } from './types.js';

export const DEFAULT_LABEL_CACHE_SIZE = 50_000;

export interface LabelerOptions {
  /** Remember the labels of recent captions (web captions repeat a lot). Default true. */
  cache?: boolean;
  /** Captions remembered when `cache` is on. Default 50,000. */
  cacheSize?: number;
  /** WordNet to use; default the shared one from loadWordNet(). */
  wordnet?: WordNet;
}

/** Caption → synset labels in the given mode (DEFAULT_LABEL_MODE, 'paper', unless the user picks 'corenet'). */
export function createLabeler(mode: LabelMode, options: LabelerOptions = {}): LocatingLabeler {
  const wordnet = options.wordnet ?? loadWordNet();
  const impl = mode === 'corenet' ? new CoreNetLabeler(wordnet) : mode === 'paper' ? new PaperLabeler(wordnet) : undefined;
  if (!impl) throw new Error(`unknown label mode: ${String(mode)}`);

  if (options.cache === false) {
    return { mode, label: (caption: string) => impl.label(caption), locate: (caption: string) => impl.locate(caption) };
  }
  const cache = new LruCache<string, readonly SynsetLabel[]>(options.cacheSize ?? DEFAULT_LABEL_CACHE_SIZE);
  return {
    mode,
    // Not cached: only the gallery asks, a page at a time.
    locate: (caption: string) => impl.locate(caption),
    label(caption: string): SynsetLabel[] {
      const hit = cache.get(caption);
      // Callers get their own array; the label objects are frozen and safe to share.
      if (hit) return hit.slice();
      const labels = impl.label(caption);
      cache.set(caption, labels.slice());
      return labels;
    },
  };
}
