/**
 * Maps downstream class names to synsets of a CatLIP vocabulary (catlip.md §4, Transfer Init): exact lemma
 * match first, else the vocabulary synset nearest in WordNet path similarity. Used by Transfer Init (which
 * classifier rows start a new head) and by CatLIP zero-shot (which logits score a class).
 *
 * A class name is read as:
 * - an ImageNet id (`n02084071`): that synset;
 * - otherwise the whole name as one lemma, lower-cased, spaces (then also hyphens) → '_' ("fire hydrant"
 *   → fire_hydrant), with NLTK morphy for plurals ("Dogs" → dog), when WordNet knows it as a noun;
 * - otherwise its words, split at anything but letters, digits and apostrophes, stop words dropped
 *   ("Animals & Nature" → animals, nature): each word is matched on its own and the class gets every
 *   synset its words matched (Transfer Init averages their rows).
 *
 * Which senses of a word count: by default only its FIRST noun sense (of the name itself, else of its first
 * morphy base form) — WordNet's most frequent sense, and the one the labeller gives the same word in a
 * caption, so a class maps to the synset its name would have produced in pre-training. Taking every sense
 * (`senses: 'all'`, what the paper's wording allows) lets rare senses win: "rose" reaches wine.n.01 at 0.5
 * through rose.n.02 (blush wine), and "cat" would match guy.n.01 exactly, cat being a lemma of that synset.
 * With 'all', the first sense (in WordNet order) found in the vocabulary is the exact match.
 *
 * Exact: a counted sense is in the vocabulary. Similarity: else the vocabulary synset with the highest NLTK
 * path_similarity = 1 / (1 + shortest hypernym-path distance) to a counted sense; ties go to the lower
 * vocabulary position (the more frequent synset). Accepted when ≥ PATH_SIMILARITY_THRESHOLD.
 */
import { hypernymDistances } from '../wordnet/similarity.js';
import type { NounSynset } from '../wordnet/synset.js';
import type { WordNet } from '../wordnet/wordnet.js';

/**
 * 0.25 = at most 3 hypernym edges apart: parent (0.5), grandparent or sibling (0.33), great-grandparent or
 * uncle (0.25). daisy → flower.n.01 (0.5) and sunflower → flower.n.01 (0.5) pass; cousins such as cat.n.01
 * and dog.n.01 (4 edges, 0.2) do not — a dog row would only mislead a cat class. WordNet files roses under
 * shrub, not flower (rose.n.01 → flower.n.01 is 0.14): "rose" reaches shrub.n.01 (0.5) where a vocabulary
 * has it. Siblings pass too (dandelion → banana.n.01, both herbs, 0.33): the stored match details show
 * each class's synset so such a row can be judged. The paper gives no threshold.
 */
export const PATH_SIMILARITY_THRESHOLD = 0.25;

/** Words that name no object in a class name; some are WordNet nouns ("in" = inch, "a" = vitamin A). */
const STOP_WORDS = new Set(['a', 'an', 'and', 'or', 'of', 'the', 'with', 'in', 'on', 'for', 'to', 'at', 'by', 'from']);

export interface VocabularyEntry {
  /** Row of the CatLIP head. */
  position: number;
  /** WordNet 3.0 noun offset. */
  offset: number;
}

export interface WordMatch {
  /** The lemma or word that was looked up. */
  word: string;
  how: 'exact' | 'similarity' | 'none';
  /** The vocabulary synset it matched (NLTK name) and its head row. */
  synset?: string;
  position?: number;
  /** Path similarity of a 'similarity' match (1 for 'exact'). */
  similarity?: number;
  /**
   * A 'similarity' match: 'hypernym' when the vocabulary synset is an ancestor of the class's sense (daisy →
   * flower.n.01: the class IS one), 'related' when it is only near it (dandelion → banana.n.01, a sibling).
   */
  relation?: 'hypernym' | 'related';
}

export interface ClassMatch {
  className: string;
  /** Distinct head rows, in word order; empty when nothing matched. */
  positions: number[];
  /** 'exact' when every matched word matched exactly, 'similarity' when any needed path similarity. */
  how: 'exact' | 'similarity' | 'none';
  words: WordMatch[];
}

export interface MatchOptions {
  threshold?: number;
  /** Senses of a class word that may match: its first noun sense (default) or all of them. */
  senses?: 'first' | 'all';
}

export function matchClassesToVocabulary(
  wn: WordNet,
  classNames: readonly string[],
  vocabulary: readonly VocabularyEntry[],
  options: MatchOptions = {},
): ClassMatch[] {
  const index = new VocabularyIndex(wn, vocabulary);
  const threshold = options.threshold ?? PATH_SIMILARITY_THRESHOLD;
  return classNames.map((className) => {
    const words = lookupUnits(wn, className, options.senses ?? 'first').map((unit) => index.match(unit, threshold));
    const matched = words.filter((w) => w.how !== 'none');
    return {
      className,
      positions: [...new Set(matched.map((w) => w.position!))],
      how: matched.length === 0 ? 'none' : matched.every((w) => w.how === 'exact') ? 'exact' : 'similarity',
      words,
    };
  });
}

/** What gets looked up for one class name: a lemma with its candidate senses (see the file comment). */
interface LookupUnit {
  word: string;
  /** The senses that may match: the first noun sense, or all senses of the word and its morphy base forms. */
  senses: NounSynset[];
}

function lookupUnits(wn: WordNet, className: string, which: 'first' | 'all'): LookupUnit[] {
  const name = className.trim().toLowerCase();
  if (/^n\d{8}$/.test(name)) {
    const synset = wn.synsetByOffset(Number(name.slice(1)));
    if (synset) return [{ word: name, senses: [synset] }];
  }
  // WordNet keeps some hyphens ("t-shirt") and writes others as '_' ("ice_cream"): try both spellings
  const compounds = [...new Set([name.replace(/\s+/g, '_'), name.replace(/[\s-]+/g, '_')])].map((c) =>
    unit(wn, c, which),
  );
  const whole = compounds.find((c) => c.senses.length > 0) ?? compounds[0];
  if (whole.senses.length > 0) return [whole];
  const words = name.split(/[^\p{L}\p{N}']+/u).filter((w) => w !== '' && !STOP_WORDS.has(w));
  if (words.length <= 1) return [words.length === 1 ? unit(wn, words[0], which) : whole];
  return words.map((w) => unit(wn, w, which));
}

function unit(wn: WordNet, lemma: string, which: 'first' | 'all'): LookupUnit {
  const forms = [...new Set([lemma, ...wn.morphyNoun(lemma)])];
  const senses: NounSynset[] = [];
  for (const form of forms) for (const s of wn.nounSynsets(form)) if (!senses.includes(s)) senses.push(s);
  return { word: lemma, senses: which === 'first' ? senses.slice(0, 1) : senses };
}

/**
 * The vocabulary's synsets indexed by ancestor, so the nearest vocabulary synset to a sense is found by
 * walking the sense's own ancestors instead of comparing it with every vocabulary synset.
 */
class VocabularyIndex {
  private readonly positionOfOffset = new Map<number, number>();
  /** ancestor synset index → (vocabulary position, edges from the vocabulary synset up to the ancestor), nearest first. */
  private readonly byAncestor = new Map<number, { position: number; distance: number }[]>();
  private readonly nameOfPosition = new Map<number, string>();

  constructor(wn: WordNet, vocabulary: readonly VocabularyEntry[]) {
    for (const { position, offset } of vocabulary) {
      const synset = wn.synsetByOffset(offset);
      if (!synset) continue;
      this.positionOfOffset.set(offset, position);
      this.nameOfPosition.set(position, synset.name);
      for (const [ancestor, distance] of hypernymDistances(synset)) {
        const list = this.byAncestor.get(ancestor.index);
        if (list) list.push({ position, distance });
        else this.byAncestor.set(ancestor.index, [{ position, distance }]);
      }
    }
    for (const list of this.byAncestor.values())
      list.sort((a, b) => a.distance - b.distance || a.position - b.position);
  }

  match(unit: LookupUnit, threshold: number): WordMatch {
    for (const sense of unit.senses) {
      const position = this.positionOfOffset.get(sense.offset);
      if (position !== undefined) return { word: unit.word, how: 'exact', synset: sense.name, position, similarity: 1 };
    }
    let best: { position: number; distance: number; ancestor: boolean } | undefined;
    for (const sense of unit.senses) {
      for (const [ancestor, up] of hypernymDistances(sense)) {
        for (const v of this.byAncestor.get(ancestor.index) ?? []) {
          const distance = up + v.distance;
          if (best && distance > best.distance) break;
          if (!best || distance < best.distance || v.position < best.position)
            best = { position: v.position, distance, ancestor: v.distance === 0 };
        }
      }
    }
    const similarity = best ? 1 / (best.distance + 1) : 0;
    if (!best || similarity < threshold) return { word: unit.word, how: 'none' };
    return {
      word: unit.word,
      how: 'similarity',
      synset: this.nameOfPosition.get(best.position),
      position: best.position,
      similarity,
      relation: best.ancestor ? 'hypernym' : 'related',
    };
  }
}
