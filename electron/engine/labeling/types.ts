/** Caption → WordNet-synset labelling, the first step of CatLIP (paper §3.1, arXiv 2404.15653). */
export type LabelMode = 'paper' | 'corenet';
export const LABEL_MODES: readonly LabelMode[] = ['paper', 'corenet'];
/** The paper's noun-only labelling; 'corenet' reproduces CoreNet's released code (catlip.md §1). */
export const DEFAULT_LABEL_MODE: LabelMode = 'paper';

export interface SynsetLabel {
  /** NLTK-style synset name, e.g. `dog.n.01`. */
  name: string;
  /** WordNet 3.0 noun offset as an ImageNet-style id, zero-padded to 8 digits: `n02084071`. */
  offset: string;
  /** The caption word (after preprocessing) that produced the label. */
  word: string;
}

/**
 * A noun no wordnet maps (a product name, an in-house term, a Japanese word missing from the Japanese
 * data), kept as a class of its own when it passes the vocabulary threshold: `ja:公園`, `en:ourbrand`.
 */
export type LemmaClass = `${'en' | 'ja'}:${string}`;

/** Everything a caption can become a class through: its synsets and its unmapped nouns. */
export interface CaptionClasses {
  synsets: SynsetLabel[];
  /** Lemma classes, de-duplicated, in order of first appearance. */
  lemmas: LemmaClass[];
}

export interface Labeler {
  readonly mode: LabelMode;
  /** Labels of one raw caption (preprocessing included), de-duplicated, in order of first appearance. */
  label(caption: string): SynsetLabel[];
  /** Synset labels and lemma classes of one raw caption (corenet mode never makes lemma classes). */
  classes(caption: string): CaptionClasses;
}

/** [start, end) in UTF-16 code units of the raw caption, as JavaScript strings and the renderer index it. */
export interface CharSpan {
  start: number;
  end: number;
}

/** One occurrence of a label in the raw caption: where the word (or compound) that produced it is. */
export type LocatedLabel = SynsetLabel & CharSpan;

/** A label with the range of tokens (inclusive) it came from: one token, or two or three for a compound. */
export interface TokenLabel {
  label: SynsetLabel;
  first: number;
  last: number;
}

/** A labeller's tokens of one caption and every label occurrence in them (not de-duplicated). */
export interface TokenLabels {
  tokens: readonly string[];
  labels: readonly TokenLabel[];
  /** Nouns no synset was found for, as lemma classes (paper mode only). */
  unmatched?: readonly LemmaClass[];
}

export interface LocatingLabeler extends Labeler {
  /**
   * Every occurrence of a label in the raw caption, in caption order (repeated words included), for
   * highlighting. Occurrences whose words cannot be found in the raw text are left out.
   */
  locate(caption: string): LocatedLabel[];
}
