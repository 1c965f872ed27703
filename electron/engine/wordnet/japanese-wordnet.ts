import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { resolveWordNetResource } from './resource-path.js';

/** Format written by resources/wordnet/build-ja.mjs. */
export const JAPANESE_WORDNET_FORMAT = 'catlip-wn30-ja-nouns/1';
export const JAPANESE_WORDNET_FILE = 'wn30-ja-nouns.json.gz';

/**
 * Japanese lemma → WordNet 3.0 noun synset offsets (Open Multilingual Wordnet: Wiktionary and CLDR
 * Japanese lemmas), most common synset first. Lemmas are NFKC-normalised, as the analyser's are looked up.
 */
export class JapaneseWordNet {
  private readonly offsets = new Map<string, readonly number[]>();

  constructor(lemmaLines: string) {
    for (const line of lemmaLines.split('\n')) {
      const tab = line.indexOf('\t');
      if (tab > 0)
        this.offsets.set(
          line.slice(0, tab),
          Object.freeze(
            line
              .slice(tab + 1)
              .split(' ')
              .map(Number),
          ),
        );
    }
  }

  get lemmaCount(): number {
    return this.offsets.size;
  }

  /** Synset offsets of a Japanese noun lemma, most common first; undefined when the data lacks it. */
  synsetOffsets(lemma: string): readonly number[] | undefined {
    return this.offsets.get(lemma.normalize('NFKC'));
  }
}

export function readJapaneseWordNet(file: string): JapaneseWordNet {
  const raw = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { format: string; lemmas: string };
  if (raw.format !== JAPANESE_WORDNET_FORMAT) {
    throw new Error(
      `${file}: expected format ${JAPANESE_WORDNET_FORMAT}, got ${String(raw.format)}; rebuild it with resources/wordnet/build-ja.mjs`,
    );
  }
  return new JapaneseWordNet(raw.lemmas);
}

let shared: JapaneseWordNet | undefined;

/** The process-wide Japanese lemma map, read from beside wn30-nouns.json.gz on first use. */
export function loadJapaneseWordNet(): JapaneseWordNet {
  return (shared ??= readJapaneseWordNet(path.join(path.dirname(resolveWordNetResource()), JAPANESE_WORDNET_FILE)));
}
