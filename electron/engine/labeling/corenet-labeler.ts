import type { WordNet } from '../wordnet/wordnet.js';
import { preprocessCaption } from './preprocess.js';
import { dedupeBySynset, ResettingMemo, toLabel } from './synset-label.js';
import { locateLabels } from './token-spans.js';
import type { CaptionClasses, LocatedLabel, SynsetLabel, TokenLabel, TokenLabels } from './types.js';
import { wordTokenize } from './word-tokenize.js';

/** Distinct caption tokens remembered before the memo starts over (web-scale vocabularies are long-tailed). */
const TOKEN_MEMO_SIZE = 200_000;

/**
 * CoreNet's `_convert_caption_to_labels` (catlip.md §1) without the vocabulary filter:
 *
 *     for word in word_tokenize(caption_preprocessing(caption)):   # POS tags are computed but unused
 *         word = WordNetLemmatizer().lemmatize(word)
 *         s = wn.synset(f"{word}.n.01")                            # errors -> skip
 *         if s.name() != f"{word}.n.01": continue                  # word must head its first sense
 *
 * So every token counts, adjectives with a noun sense included ("black" -> black.n.01), while a synonym
 * that is not the first lemma of its first sense is dropped ("automobile" -> car.n.01 -> rejected,
 * "plate" -> home_plate.n.01 -> rejected). Multi-word lemmas can never match a single token.
 */
export class CoreNetLabeler {
  private readonly memo = new ResettingMemo<SynsetLabel | null>(TOKEN_MEMO_SIZE);

  constructor(private readonly wordnet: WordNet) {}

  /** Labels of a raw caption, preprocessing included. */
  label(caption: string): SynsetLabel[] {
    return dedupeBySynset(this.labelTokens(caption).labels.map((l) => l.label));
  }

  /** CoreNet's labeller makes no class without a synset, so this mode never yields lemma classes. */
  classes(caption: string): CaptionClasses {
    return { synsets: this.label(caption), lemmas: [] };
  }

  /** Every label occurrence with where its word is in the raw caption (for highlighting). */
  locate(caption: string): LocatedLabel[] {
    return locateLabels(caption, this.labelTokens(caption));
  }

  /** The tokens of a caption and the label each one yields (one token per label: no compounds in this mode). */
  labelTokens(caption: string): TokenLabels {
    const tokens = wordTokenize(preprocessCaption(caption));
    const labels: TokenLabel[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const label = this.memo.get(tokens[i], this.headSynsetLabel);
      if (label) labels.push({ label, first: i, last: i });
    }
    return { tokens, labels };
  }

  /** The label a single token yields, or null. */
  readonly headSynsetLabel = (token: string): SynsetLabel | null => {
    const lemma = this.wordnet.lemmatizeNoun(token);
    const headName = `${lemma}.n.01`;
    const synset = this.wordnet.synsetByName(headName);
    return synset && synset.name === headName ? toLabel(synset, token) : null;
  };
}
