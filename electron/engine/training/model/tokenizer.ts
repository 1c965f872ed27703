/**
 * Byte-pair-encoding tokenizer trained on the dataset's own captions (the CLIP baseline's text
 * input and SuperClass's classes). CLIP's released BPE has 49,408 tokens learnt on web text; a
 * pilot dataset is far smaller, so the vocabulary is learnt from its captions instead.
 *
 * Text is NFKC-normalised, lower-cased and split into words, numbers (one digit each, as CLIP does)
 * and punctuation runs. Each word is a sequence of characters plus an end-of-word symbol `</w>`, and
 * merges are learnt over those symbols (Sennrich et al. 2016), most frequent pair first, ties broken
 * by the lower pair key, so training is deterministic for a given caption order. Characters outside
 * the learnt alphabet become [UNK].
 */
import { MaxHeap } from './max-heap.js';

export const SPECIAL_TOKENS = ['[PAD]', '[SOT]', '[EOT]', '[UNK]'] as const;
export const PAD_ID = 0;
export const SOT_ID = 1;
export const EOT_ID = 2;
export const UNK_ID = 3;
export const END_OF_WORD = '</w>';
/** Ids below this are special tokens; `</w>` follows them. */
export const FIRST_REGULAR_ID = SPECIAL_TOKENS.length;

const WORD_PATTERN = /'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+/gu;
/** Pair keys pack two ids into one exactly representable double: vocabularies up to 2^21 tokens. */
const PAIR_BASE = 2 ** 21;
/** Words whose tokenization is memoised; cleared when full so memory stays bounded. */
const CACHE_LIMIT = 200_000;

export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function splitWords(text: string): string[] {
  return normalizeText(text).match(WORD_PATTERN) ?? [];
}

export interface TokenizerJson {
  format: 'catlip-bpe';
  version: 1;
  /** Base symbols after the special tokens and `</w>`, in id order. */
  alphabet: string[];
  /** Learnt merges as flat (left id, right id) pairs; merge i creates id firstMergeId + i. */
  merges: number[];
}

const compareCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const pairKey = (a: number, b: number) => a * PAIR_BASE + b;

export class Tokenizer {
  /** Token strings by id. */
  readonly vocab: readonly string[];
  private readonly symbolIds: Map<string, number>;
  /** pair key -> merge rank (its merged id is firstMergeId + rank). */
  private readonly mergeRanks = new Map<number, number>();
  private readonly firstMergeId: number;
  private readonly cache = new Map<string, number[]>();

  private constructor(
    private readonly alphabet: readonly string[],
    private readonly merges: readonly number[],
  ) {
    if (merges.length % 2 !== 0) throw new Error('tokenizer merges must be (left, right) pairs');
    const vocab: string[] = [...SPECIAL_TOKENS, END_OF_WORD, ...alphabet];
    this.symbolIds = new Map(vocab.map((s, i) => [s, i] as [string, number]).slice(FIRST_REGULAR_ID));
    this.firstMergeId = vocab.length;
    for (let r = 0; r < merges.length / 2; r++) {
      const a = merges[2 * r];
      const b = merges[2 * r + 1];
      const next = vocab.length;
      if (!(a >= FIRST_REGULAR_ID && a < next && b >= FIRST_REGULAR_ID && b < next))
        throw new Error(`tokenizer merge ${r} refers to an unknown token`);
      this.mergeRanks.set(pairKey(a, b), r);
      vocab.push(vocab[a] + vocab[b]);
    }
    this.vocab = vocab;
  }

  /** Builds a tokenizer from learnt merges (used by training and by fromJSON). */
  static fromMerges(alphabet: readonly string[], merges: readonly number[]): Tokenizer {
    return new Tokenizer([...alphabet], [...merges]);
  }

  static fromJSON(json: TokenizerJson): Tokenizer {
    if (json?.format !== 'catlip-bpe' || json.version !== 1) throw new Error('not a catlip-bpe v1 tokenizer');
    return new Tokenizer(json.alphabet, json.merges);
  }

  toJSON(): TokenizerJson {
    return { format: 'catlip-bpe', version: 1, alphabet: [...this.alphabet], merges: [...this.merges] };
  }

  get vocabSize(): number {
    return this.vocab.length;
  }

  /** Token ids of a text without [SOT]/[EOT]. */
  tokenize(text: string): number[] {
    const ids: number[] = [];
    for (const word of splitWords(text)) for (const id of this.encodeWord(word)) ids.push(id);
    return ids;
  }

  /**
   * [SOT] tokens [EOT] then [PAD]s to exactly contextLength ids. A caption that does not fit is cut
   * and its last slot becomes [EOT] (as open_clip does), so the text encoder always pools on [EOT].
   */
  encode(text: string, contextLength: number): Int32Array {
    if (!Number.isInteger(contextLength) || contextLength < 2)
      throw new RangeError('contextLength must be an integer >= 2');
    const out = new Int32Array(contextLength); // zero-filled = [PAD]
    const tokens = this.tokenize(text);
    const kept = Math.min(tokens.length, contextLength - 2);
    out[0] = SOT_ID;
    for (let i = 0; i < kept; i++) out[i + 1] = tokens[i];
    out[kept + 1] = EOT_ID;
    return out;
  }

  /** Text back from ids (special tokens other than [UNK] are dropped). */
  decode(ids: ArrayLike<number>): string {
    let text = '';
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id === UNK_ID) text += SPECIAL_TOKENS[UNK_ID];
      else if (id >= FIRST_REGULAR_ID && id < this.vocab.length) text += this.vocab[id];
    }
    return text.split(END_OF_WORD).join(' ').trim();
  }

  private encodeWord(word: string): number[] {
    const cached = this.cache.get(word);
    if (cached) return cached;
    const symbols = applyMerges(wordSymbols(word, this.symbolIds), this.mergeRanks, this.firstMergeId);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, symbols);
    return symbols;
  }
}

/** A word's base symbol ids: its characters (code points) then `</w>`. */
function wordSymbols(word: string, symbolIds: ReadonlyMap<string, number>): number[] {
  const symbols: number[] = [];
  for (const ch of word) symbols.push(symbolIds.get(ch) ?? UNK_ID);
  symbols.push(symbolIds.get(END_OF_WORD)!);
  return symbols;
}

/** Applies learnt merges lowest rank first, as training created them. */
function applyMerges(symbols: number[], ranks: ReadonlyMap<number, number>, firstMergeId: number): number[] {
  for (;;) {
    let best = -1;
    for (let i = 0; i + 1 < symbols.length; i++) {
      const rank = ranks.get(pairKey(symbols[i], symbols[i + 1]));
      if (rank !== undefined && (best < 0 || rank < best)) best = rank;
    }
    if (best < 0) return symbols;
    symbols = mergePair(symbols, ranks, best, firstMergeId);
  }
}

function mergePair(
  symbols: number[],
  ranks: ReadonlyMap<number, number>,
  rank: number,
  firstMergeId: number,
): number[] {
  const merged: number[] = [];
  for (let i = 0; i < symbols.length; i++) {
    if (i + 1 < symbols.length && ranks.get(pairKey(symbols[i], symbols[i + 1])) === rank) {
      merged.push(firstMergeId + rank);
      i++;
    } else merged.push(symbols[i]);
  }
  return merged;
}

export interface TrainTokenizerOptions {
  /** Pairs seen fewer times than this are not merged (a merge seen once generalises to nothing). */
  minPairCount?: number;
}

/**
 * Learns a BPE vocabulary of at most `vocabSize` tokens (special tokens included) from captions.
 * Stops early when no pair occurs `minPairCount` times; the actual size is `tokenizer.vocabSize`.
 */
export function trainTokenizer(
  captions: Iterable<string>,
  vocabSize: number,
  options: TrainTokenizerOptions = {},
): Tokenizer {
  const minPairCount = options.minPairCount ?? 2;
  if (!Number.isInteger(vocabSize) || vocabSize < FIRST_REGULAR_ID + 2)
    throw new RangeError(`vocabSize must be at least ${FIRST_REGULAR_ID + 2}`);
  if (vocabSize > PAIR_BASE) throw new RangeError(`vocabSize must be at most ${PAIR_BASE}`);

  const wordCounts = new Map<string, number>();
  for (const caption of captions)
    for (const word of splitWords(caption)) wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);

  const alphabet = chooseAlphabet(wordCounts, vocabSize - FIRST_REGULAR_ID - 1);
  const symbolIds = new Map<string, number>([
    [END_OF_WORD, FIRST_REGULAR_ID],
    ...alphabet.map((ch, i) => [ch, FIRST_REGULAR_ID + 1 + i] as [string, number]),
  ]);
  const vocab: string[] = [...SPECIAL_TOKENS, END_OF_WORD, ...alphabet];

  const words: number[][] = [];
  const freqs: number[] = [];
  for (const [word, count] of wordCounts) {
    words.push(wordSymbols(word, symbolIds));
    freqs.push(count);
  }
  const merges = learnMerges(words, freqs, vocab, vocabSize, minPairCount);
  return Tokenizer.fromMerges(alphabet, merges);
}

/** The most frequent characters that fit the budget, in code-unit order so ids do not depend on counts' ties. */
function chooseAlphabet(wordCounts: ReadonlyMap<string, number>, budget: number): string[] {
  const charCounts = new Map<string, number>();
  for (const [word, count] of wordCounts) for (const ch of word) charCounts.set(ch, (charCounts.get(ch) ?? 0) + count);
  return [...charCounts]
    .sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0]))
    .slice(0, budget)
    .map(([ch]) => ch)
    .sort(compareCodeUnits);
}

/**
 * Greedy BPE merge learning with incremental pair counts: only the words containing the merged
 * pair are rescanned, and a lazy max-heap (stale entries skipped on pop) finds the next pair.
 */
function learnMerges(
  words: number[][],
  freqs: number[],
  vocab: string[],
  vocabSize: number,
  minPairCount: number,
): number[] {
  const pairCounts = new Map<number, number>();
  const pairWords = new Map<number, number[]>();
  const countable = (a: number, b: number) => a !== UNK_ID && b !== UNK_ID;
  const addPairs = (w: number, sign: 1 | -1, changed: Set<number> | null, onlyWithId = -1) => {
    const s = words[w];
    for (let i = 0; i + 1 < s.length; i++) {
      if (!countable(s[i], s[i + 1])) continue;
      const key = pairKey(s[i], s[i + 1]);
      pairCounts.set(key, (pairCounts.get(key) ?? 0) + sign * freqs[w]);
      changed?.add(key);
      if (sign > 0 && (onlyWithId < 0 || s[i] === onlyWithId || s[i + 1] === onlyWithId)) {
        const list = pairWords.get(key);
        if (list) list.push(w);
        else pairWords.set(key, [w]);
      }
    }
  };
  for (let w = 0; w < words.length; w++) addPairs(w, 1, null);

  // Higher count first; on equal counts the lower key (older, lower-id symbols) first.
  const heap = new MaxHeap((a: [number, number], b: [number, number]) => a[0] - b[0] || b[1] - a[1]);
  for (const [key, count] of pairCounts) heap.push([count, key]);

  const merges: number[] = [];
  const visited = new Int32Array(words.length).fill(-1);
  while (vocab.length < vocabSize) {
    let top = heap.pop();
    while (top && pairCounts.get(top[1]) !== top[0]) top = heap.pop();
    if (!top || top[0] < minPairCount) break;
    const key = top[1];
    const a = Math.floor(key / PAIR_BASE);
    const b = key % PAIR_BASE;
    const newId = vocab.length;
    const mergeIndex = merges.length / 2;
    vocab.push(vocab[a] + vocab[b]);
    merges.push(a, b);

    const changed = new Set<number>();
    for (const w of pairWords.get(key) ?? []) {
      if (visited[w] === mergeIndex) continue;
      visited[w] = mergeIndex;
      const s = words[w];
      let contains = false;
      for (let i = 0; i + 1 < s.length && !contains; i++) contains = s[i] === a && s[i + 1] === b;
      if (!contains) continue;
      addPairs(w, -1, changed);
      const merged: number[] = [];
      for (let i = 0; i < s.length; i++) {
        if (i + 1 < s.length && s[i] === a && s[i + 1] === b) {
          merged.push(newId);
          i++;
        } else merged.push(s[i]);
      }
      words[w] = merged;
      addPairs(w, 1, changed, newId);
    }
    pairWords.delete(key);
    pairCounts.delete(key);
    changed.delete(key);
    for (const k of changed) {
      const count = pairCounts.get(k)!;
      if (count > 0) heap.push([count, k]);
      else {
        pairCounts.delete(k);
        pairWords.delete(k);
      }
    }
  }
  return merges;
}
