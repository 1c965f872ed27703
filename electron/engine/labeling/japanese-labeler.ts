import type { JapaneseWordNet } from '../wordnet/japanese-wordnet.js';
import type { NounSynset, WordNet } from '../wordnet/wordnet.js';
import type { JapaneseToken, JapaneseTokenizer } from './japanese-tokenizer.js';
import { dedupeBySynset, ResettingMemo, toLabel } from './synset-label.js';
import type { CaptionClasses, LemmaClass, LocatedLabel, SynsetLabel } from './types.js';

/** Distinct lemmas whose synset is remembered before the memo starts over. */
const LEMMA_MEMO_SIZE = 200_000;
/** Longest run of adjacent nouns tried as one dictionary compound (野球 + 帽 → 野球帽). */
const MAX_COMPOUND_TOKENS = 3;

/**
 * IPADIC noun subtypes (pos_detail_1) that name things. Left out: pronouns (代名詞), numerals (数),
 * suffixes (接尾: 台, さん), non-independent nouns (非自立: 上, こと), adjective stems (形容動詞語幹: 綺麗)
 * and the rest of the grammatical subtypes.
 */
const CONTENT_NOUNS = new Set(['一般', '固有名詞', 'サ変接続', '副詞可能']);
/** Subtypes that become lemma classes when no synset maps them; time words (副詞可能: 今日) do not. */
const LEMMA_CLASS_NOUNS = new Set(['一般', '固有名詞', 'サ変接続']);
/** Subtypes that may continue a compound after its first noun (自転車 + 置き場, 野球 + 帽). */
const COMPOUND_TAIL_NOUNS = new Set([...CONTENT_NOUNS, '接尾']);

/**
 * Nouns that place or count things (横, そば, 一緒, 上) and work as English prepositions or numerals do:
 * never a class of their own. IPADIC tags some as general nouns (横, そば, 一つ).
 */
const RELATIONAL_NOUNS = new Set([
  '横',
  'そば',
  '側',
  '一緒',
  '上',
  '下',
  '中',
  '外',
  '前',
  '後ろ',
  '後',
  '間',
  '隣',
  '近く',
  '向こう',
  '奥',
  '手前',
  '周り',
  '辺り',
  'まわり',
  'あたり',
  'ほか',
  '他',
  'もの',
  'ところ',
  '所',
]);
const COUNT_WORD = /^[一二三四五六七八九十百千]+つ$/;
const LATIN_WORD = /^[A-Za-z][A-Za-z0-9'-]*$/;
/** kuromoji throws on lone surrogates and NUL (its UTF-8 trie lookup); both become harmless characters first. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const HAS_LETTER = /\p{L}/u;

interface Found {
  /** Index of the first and last token of the noun or compound. */
  first: number;
  last: number;
  /** The caption's text of it (surface forms joined). */
  word: string;
  synset?: NounSynset;
  lemma?: LemmaClass;
}

/**
 * Japanese captions → the same WordNet 3.0 noun synsets as English captions. kuromoji (IPADIC) splits the
 * caption into morphemes; content nouns are kept; each noun's base form is mapped through the Japanese
 * wordnet data (Open Multilingual Wordnet) to its most common PWN synset. Choices made here:
 * - Adjacent nouns whose joined text the Japanese data knows win over their parts, longest first
 *   (野球 + 帽 → 野球帽 → baseball_cap.n.01); IPADIC already keeps its own compounds whole (消防車).
 * - A noun in Latin letters (iPhone, PC) goes through the English WordNet, as in the English labeller.
 * - A noun neither maps becomes a lemma class (`ja:公園`, `en:iphone`); the vocabulary threshold decides
 *   whether it is kept.
 */
export class JapaneseLabeler {
  private readonly synsetOfLemma = new ResettingMemo<NounSynset | null>(LEMMA_MEMO_SIZE);

  constructor(
    private readonly wordnet: WordNet,
    private readonly japanese: JapaneseWordNet,
    private readonly tokenizer: JapaneseTokenizer,
  ) {}

  label(caption: string): SynsetLabel[] {
    return this.classes(caption).synsets;
  }

  classes(caption: string): CaptionClasses {
    const synsets: SynsetLabel[] = [];
    const lemmas = new Set<LemmaClass>();
    for (const f of this.find(caption).found) {
      if (f.synset) synsets.push(toLabel(f.synset, f.word));
      else if (f.lemma) lemmas.add(f.lemma);
    }
    return { synsets: dedupeBySynset(synsets), lemmas: [...lemmas] };
  }

  /** Every synset occurrence with its place in the raw caption; words the normalisation changed are left out. */
  locate(caption: string): LocatedLabel[] {
    const { tokens, found } = this.find(caption);
    const located: LocatedLabel[] = [];
    let cursor = 0;
    let token = 0;
    for (const f of found) {
      // Walk the raw caption token by token so a repeated word is found at its own place.
      for (; token < f.first; token++) {
        const at = caption.indexOf(tokens[token].surface_form, cursor);
        if (at >= 0) cursor = at + tokens[token].surface_form.length;
      }
      const start = caption.indexOf(f.word, cursor);
      token = f.last + 1;
      if (start < 0) continue;
      cursor = start + f.word.length;
      if (f.synset) located.push({ ...toLabel(f.synset, f.word), start, end: cursor });
    }
    return located;
  }

  private find(caption: string): { tokens: JapaneseToken[]; found: Found[] } {
    // NFKC: half-width katakana and full-width Latin letters to the forms IPADIC and the wordnet data use.
    const text = caption.replace(LONE_SURROGATE, '\ufffd').replaceAll('\0', ' ').normalize('NFKC');
    const tokens = text.trim() === '' ? [] : this.tokenizer.tokenize(text);
    const found: Found[] = [];
    for (let i = 0; i < tokens.length; i++) {
      if (!isContentNoun(tokens[i])) continue;
      const compound = this.compoundAt(tokens, i);
      if (compound) {
        found.push(compound);
        i = compound.last;
        continue;
      }
      const single = this.noun(tokens[i], i);
      if (single) found.push(single);
    }
    return { tokens, found };
  }

  /** The longest run of 2–3 adjacent nouns, starting at a content noun, that the Japanese data has as one lemma. */
  private compoundAt(tokens: JapaneseToken[], i: number): Found | undefined {
    let end = i;
    while (end + 1 < tokens.length && end + 1 < i + MAX_COMPOUND_TOKENS && isCompoundTail(tokens[end + 1])) end++;
    for (let last = end; last > i; last--) {
      const word = tokens
        .slice(i, last + 1)
        .map((t) => t.surface_form)
        .join('');
      const synset = this.japaneseSynset(word);
      if (synset) return { first: i, last, word, synset };
    }
    return undefined;
  }

  private noun(token: JapaneseToken, i: number): Found | undefined {
    const word = token.surface_form;
    // Unknown words have no base form ('*'); a noun's base form is otherwise its surface form.
    const base = token.basic_form && token.basic_form !== '*' ? token.basic_form : word;
    // Symbols IPADIC tags as nouns (":" from "：") name nothing, even where the wordnet data lists them.
    if (RELATIONAL_NOUNS.has(base) || COUNT_WORD.test(base) || !HAS_LETTER.test(base)) return undefined;
    if (LATIN_WORD.test(base)) {
      const lower = base.toLowerCase();
      const synset = this.englishSynset(lower);
      return synset ? { first: i, last: i, word, synset } : lemmaClassFound(token, i, `en:${lower}`);
    }
    const synset = this.japaneseSynset(base);
    return synset ? { first: i, last: i, word, synset } : lemmaClassFound(token, i, `ja:${base}`);
  }

  private japaneseSynset(lemma: string): NounSynset | undefined {
    return (
      this.synsetOfLemma.get(`ja\t${lemma}`, () => {
        const offsets = this.japanese.synsetOffsets(lemma);
        return (offsets && this.wordnet.synsetByOffset(offsets[0])) ?? null;
      }) ?? undefined
    );
  }

  /** First WordNet sense of an English noun, as the English paper labeller takes it. */
  private englishSynset(word: string): NounSynset | undefined {
    return (
      this.synsetOfLemma.get(`en\t${word}`, () => {
        const senses = this.wordnet.nounSensePositions(this.wordnet.lemmatizeNoun(word));
        return senses && senses.length > 0 ? this.wordnet.synsetAt(senses[0]) : null;
      }) ?? undefined
    );
  }
}

function isContentNoun(token: JapaneseToken): boolean {
  return token.pos === '名詞' && CONTENT_NOUNS.has(token.pos_detail_1);
}

function isCompoundTail(token: JapaneseToken): boolean {
  return token.pos === '名詞' && COMPOUND_TAIL_NOUNS.has(token.pos_detail_1);
}

function lemmaClassFound(token: JapaneseToken, i: number, lemma: LemmaClass): Found | undefined {
  if (!LEMMA_CLASS_NOUNS.has(token.pos_detail_1)) return undefined;
  return { first: i, last: i, word: token.surface_form, lemma };
}
