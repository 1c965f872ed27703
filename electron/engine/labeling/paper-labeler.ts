import winkNLP, { type ItsFunction, type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { NounSynset, WordNet } from '../wordnet/wordnet.js';
import { preprocessCaption } from './preprocess.js';
import { dedupeBySynset, ResettingMemo, toLabel } from './synset-label.js';
import { locateLabels } from './token-spans.js';
import type { CaptionClasses, LemmaClass, LocatedLabel, SynsetLabel, TokenLabel, TokenLabels } from './types.js';

/** Distinct word forms whose first sense is remembered before the memo starts over. */
const FORM_MEMO_SIZE = 200_000;

const NOUN_TAGS = new Set(['NOUN', 'PROPN']);
/** A noun WordNet lacks becomes a lemma class only when it looks like a word (not "'s", "2x", "--"). */
const LEMMA_CLASS_WORD = /^[a-z][a-z0-9'&-]*[a-z0-9]$/;

/** Tagged tokens of one caption, as parallel arrays (wink's fastest output form). */
interface TaggedCaption {
  values: string[];
  tags: string[];
  lemmas: string[];
  /** Whitespace before each token: '' where a token is glued to the previous one ("t" "-" "shirt"). */
  spaces: string[];
}

let sharedTagger: WinkMethods | undefined;

/** wink-nlp with only sentence splitting and POS tagging (the NER/sentiment/negation passes cost 2x and are unused). */
function tagger(): WinkMethods {
  return (sharedTagger ??= winkNLP(model, ['sbd', 'pos']));
}

/**
 * The paper's labelling (CatLIP §3.1, Fig. 2a): POS-tag the caption, keep the nouns, map each to its
 * WordNet synset. Choices the paper leaves open, made here:
 * - Tagging runs on the preprocessed caption with its case kept (the tagger uses case); labels' `word`
 *   is lower-cased like every other preprocessed word.
 * - Nouns are NOUN tokens, and PROPN tokens that WordNet has as a noun ("paris", "london"); a proper name
 *   WordNet lacks ("jessica") has no synset to map to anyway.
 * - A noun's lemma is NLTK's noun lemmatisation of the lower-cased word, falling back to wink's lemma;
 *   its synset is the FIRST sense in WordNet (sense order is by corpus frequency). No sense
 *   disambiguation, so a first sense can be an unexpected one: "hot dog" -> hotdog.n.01, the show-off.
 * - Compounds WordNet lists as one lemma win over their parts: hyphenated ("t-shirt" -> jersey.n.03),
 *   then two words whose second is a noun and whose first is a noun ("teddy bear" -> teddy.n.01,
 *   "new york" -> new_york.n.01), an adjective ("hot dog", "polar bear") or an -ing verb ("living room");
 *   with an adjective or verb in front, only common-noun lemmas count ("little dog" is not Canis Minor).
 */
export class PaperLabeler {
  private readonly firstSenses = new ResettingMemo<NounSynset | null>(FORM_MEMO_SIZE);

  constructor(
    private readonly wordnet: WordNet,
    private readonly nlp: WinkMethods = tagger(),
  ) {}

  label(caption: string): SynsetLabel[] {
    return dedupeBySynset(this.labelTokens(caption).labels.map((l) => l.label));
  }

  /** Synset labels plus lemma classes (`en:ourbrand`) for the nouns WordNet lacks. */
  classes(caption: string): CaptionClasses {
    const tokens = this.labelTokens(caption);
    return { synsets: dedupeBySynset(tokens.labels.map((l) => l.label)), lemmas: [...new Set(tokens.unmatched)] };
  }

  /** Every label occurrence with where its word (or compound) is in the raw caption (for highlighting). */
  locate(caption: string): LocatedLabel[] {
    return locateLabels(caption, this.labelTokens(caption));
  }

  /** wink's tokens of the preprocessed caption and the label of each noun or compound, with its token range. */
  labelTokens(caption: string): TokenLabels {
    const text = preprocessCaption(caption, { lowerCase: false });
    if (text === '') return { tokens: [], labels: [], unmatched: [] };
    const tagged = this.tag(text);
    const labels: TokenLabel[] = [];
    const unmatched: LemmaClass[] = [];
    const count = tagged.values.length;
    for (let i = 0; i < count; i++) {
      const hyphenated = this.hyphenatedCompound(tagged, i);
      if (hyphenated) {
        labels.push({ label: hyphenated, first: i, last: i + 2 });
        i += 2;
        continue;
      }
      const compound = this.twoWordCompound(tagged, i);
      if (compound) {
        labels.push({ label: compound, first: i, last: i + 1 });
        i += 1;
        continue;
      }
      if (!NOUN_TAGS.has(tagged.tags[i])) continue;
      const word = tagged.values[i].toLowerCase();
      const label = this.firstSenseLabel(word, word) ?? this.firstSenseLabel(tagged.lemmas[i].toLowerCase(), word);
      if (label) labels.push({ label, first: i, last: i });
      else {
        // Morphy cannot lemmatise a word WordNet lacks; wink's lemma still turns "ourbrands" into "ourbrand".
        const lemma = tagged.lemmas[i].toLowerCase();
        if (LEMMA_CLASS_WORD.test(lemma)) unmatched.push(`en:${lemma}`);
      }
    }
    return { tokens: tagged.values, labels, unmatched };
  }

  private tag(text: string): TaggedCaption {
    const tokens = this.nlp.readDoc(text).tokens();
    const its = this.nlp.its;
    return {
      values: tokens.out(its.value) as string[],
      tags: tokens.out(its.pos) as string[],
      // wink's typings give its.lemma an (index, rdd, addons) signature that ItsFunction does not accept.
      lemmas: tokens.out(its.lemma as unknown as ItsFunction<string>) as string[],
      spaces: tokens.out(its.precedingSpaces) as string[],
    };
  }

  /** "t" "-" "shirt" written without spaces, ending in a noun, that WordNet has as one lemma. */
  private hyphenatedCompound(tagged: TaggedCaption, i: number): SynsetLabel | undefined {
    if (i + 2 >= tagged.values.length || tagged.values[i + 1] !== '-') return undefined;
    if (tagged.spaces[i + 1] !== '' || tagged.spaces[i + 2] !== '' || !NOUN_TAGS.has(tagged.tags[i + 2]))
      return undefined;
    const word = `${tagged.values[i]}-${tagged.values[i + 2]}`.toLowerCase();
    return this.firstSenseLabel(word, word);
  }

  /** Modifier + noun that WordNet has as one lemma ("teddy_bear"); plural heads lemmatise ("teddy bears"). */
  private twoWordCompound(tagged: TaggedCaption, i: number): SynsetLabel | undefined {
    if (i + 1 >= tagged.values.length) return undefined;
    const second = tagged.values[i + 1].toLowerCase();
    // A plural head is often mis-tagged as a 3rd-person verb ("two teddy bears" -> bears/VERB).
    const headIsNoun = NOUN_TAGS.has(tagged.tags[i + 1]) || (tagged.tags[i + 1] === 'VERB' && second.endsWith('s'));
    if (!headIsNoun) return undefined;
    const first = tagged.values[i].toLowerCase();
    const modifierTag = tagged.tags[i];
    const nounModifier = NOUN_TAGS.has(modifierTag);
    if (!nounModifier && modifierTag !== 'ADJ' && !(modifierTag === 'VERB' && first.endsWith('ing'))) return undefined;
    const form = `${first}_${second}`;
    const label = this.firstSenseLabel(form, `${first} ${second}`);
    // An adjective or gerund in front of a common noun names a proper noun only by accident:
    // "little dog" is Canis Minor, "white house" the White House. Keep such compounds only when
    // WordNet writes the lemma in lower case (young_man, hot_dog, living_room).
    if (label && !nounModifier && !this.isCommonNounLemma(form)) return undefined;
    return label;
  }

  private isCommonNounLemma(form: string): boolean {
    const lemma = this.wordnet.lemmatizeNoun(form);
    return this.firstSenses.get(form, this.firstSenseOf)?.lemmas.includes(lemma) ?? false;
  }

  /** First WordNet sense of the noun lemma of `form`, labelled with the caption `word`. */
  private firstSenseLabel(form: string, word: string): SynsetLabel | undefined {
    const synset = this.firstSenses.get(form, this.firstSenseOf);
    return synset ? toLabel(synset, word) : undefined;
  }

  private readonly firstSenseOf = (form: string): NounSynset | null => {
    const senses = this.wordnet.nounSensePositions(this.wordnet.lemmatizeNoun(form));
    return senses && senses.length > 0 ? this.wordnet.synsetAt(senses[0]) : null;
  };
}
