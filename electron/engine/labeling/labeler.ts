import { loadJapaneseWordNet } from '../wordnet/japanese-wordnet.js';
import { loadWordNet, type WordNet } from '../wordnet/wordnet.js';
import { languageOf, type LanguageOption } from './caption-language.js';
import { CoreNetLabeler } from './corenet-labeler.js';
import { JapaneseLabeler } from './japanese-labeler.js';
import { japaneseTokenizer } from './japanese-tokenizer.js';
import { LruCache } from './lru-cache.js';
import { PaperLabeler } from './paper-labeler.js';
import type { CaptionClasses, LabelMode, LocatedLabel, LocatingLabeler, SynsetLabel } from './types.js';

export const DEFAULT_LABEL_CACHE_SIZE = 50_000;

export interface LabelerOptions {
  /** Remember the labels of recent captions (web captions repeat a lot). Default true. */
  cache?: boolean;
  /** Captions remembered when `cache` is on. Default 50,000. */
  cacheSize?: number;
  /** WordNet to use; default the shared one from loadWordNet(). */
  wordnet?: WordNet;
  /**
   * Caption language: `auto` (default) picks Japanese for captions with Japanese script, else English.
   * Japanese captions need loadJapaneseTokenizer() to have finished (labelling itself stays synchronous).
   */
  lang?: LanguageOption;
}

type Impl = Omit<LocatingLabeler, 'mode'>;

/** Caption → synset labels in the given mode (DEFAULT_LABEL_MODE, 'paper', unless the user picks 'corenet'). */
export function createLabeler(mode: LabelMode, options: LabelerOptions = {}): LocatingLabeler {
  const wordnet = options.wordnet ?? loadWordNet();
  const english: Impl | undefined =
    mode === 'corenet' ? new CoreNetLabeler(wordnet) : mode === 'paper' ? new PaperLabeler(wordnet) : undefined;
  if (!english) throw new Error(`unknown label mode: ${String(mode)}`);
  const lang = options.lang ?? 'auto';
  // CoreNet's labeller is English-only and reproduced as released, so corenet mode labels every caption as English.
  let japanese: JapaneseLabeler | undefined;
  const implFor = (caption: string): Impl => {
    if (mode === 'corenet' || languageOf(caption, lang) === 'en') return english;
    return (japanese ??= new JapaneseLabeler(wordnet, loadJapaneseWordNet(), japaneseTokenizer()));
  };

  const classesOf = (caption: string) => implFor(caption).classes(caption);
  const locate = (caption: string): LocatedLabel[] => implFor(caption).locate(caption);
  if (options.cache === false) {
    return { mode, label: (caption: string) => classesOf(caption).synsets, classes: classesOf, locate };
  }
  const cache = new LruCache<string, CaptionClasses>(options.cacheSize ?? DEFAULT_LABEL_CACHE_SIZE);
  const cached = (caption: string): CaptionClasses => {
    const hit = cache.get(caption);
    // Callers get their own arrays; the label objects are frozen and safe to share.
    if (hit) return { synsets: hit.synsets.slice(), lemmas: hit.lemmas.slice() };
    const classes = classesOf(caption);
    cache.set(caption, { synsets: classes.synsets.slice(), lemmas: classes.lemmas.slice() });
    return classes;
  };
  return {
    mode,
    // Not cached: only the gallery asks, a page at a time.
    locate,
    label: (caption: string): SynsetLabel[] => cached(caption).synsets,
    classes: cached,
  };
}
