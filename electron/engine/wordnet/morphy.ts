/**
 * Port of NLTK 3.8.1 `WordNetCorpusReader._morphy` for pos 'n' and of `WordNetLemmatizer.lemmatize`
 * (3.8.1 is the version CoreNet's CatLIP code pins; NLTK >= 3.9 dropped step 3, the repeated rules).
 */

/** NLTK's MORPHOLOGICAL_SUBSTITUTIONS[NOUN], in NLTK's order (the order decides result order). */
export const NOUN_SUBSTITUTIONS: ReadonlyArray<readonly [suffix: string, replacement: string]> = [
  ['s', ''],
  ['ses', 's'],
  ['ves', 'f'],
  ['xes', 'x'],
  ['zes', 'z'],
  ['ches', 'ch'],
  ['shes', 'sh'],
  ['men', 'man'],
  ['ies', 'y'],
];

/**
 * Longest input morphy works on. NLTK has no limit, but step 3 strips at most two characters per round
 * and copies the string each round, so a pathological token (a caption of 100k "s") costs quadratic time.
 * No WordNet 3.0 noun lemma is longer than 71 characters; real caption words never get near this.
 */
export const MORPHY_MAX_INPUT_LENGTH = 1024;

export interface NounLexicon {
  /** True when `lemma` is a key of index.noun (NLTK: `form in _lemma_pos_offset_map` with pos 'n'). */
  hasNounLemma(lemma: string): boolean;
  /** noun.exc base forms of an inflected form, or undefined. */
  nounExceptions(form: string): readonly string[] | undefined;
}

function applyRules(forms: readonly string[]): string[] {
  const out: string[] = [];
  for (const form of forms) {
    for (const [suffix, replacement] of NOUN_SUBSTITUTIONS) {
      if (form.endsWith(suffix)) out.push(form.slice(0, form.length - suffix.length) + replacement);
    }
  }
  return out;
}

function filterForms(lexicon: NounLexicon, forms: readonly string[]): string[] {
  const result: string[] = [];
  for (const form of forms) {
    if (lexicon.hasNounLemma(form) && !result.includes(form)) result.push(form);
  }
  return result;
}

/** Candidate noun lemmas of `form`, in NLTK's order; [] when WordNet knows none. */
export function morphyNoun(lexicon: NounLexicon, form: string): string[] {
  if (form.length > MORPHY_MAX_INPUT_LENGTH) return [];

  // 0. The exception list wins outright (its answer is final even when it filters to nothing).
  const exceptions = lexicon.nounExceptions(form);
  if (exceptions !== undefined) return filterForms(lexicon, [form, ...exceptions]);

  // 1-2. One round of suffix rules; the original form is checked too.
  let forms = applyRules([form]);
  const results = filterForms(lexicon, [form, ...forms]);
  if (results.length > 0) return results;

  // 3. Keep applying the rules until something is in the index or no rule applies.
  while (forms.length > 0) {
    forms = applyRules(forms);
    const found = filterForms(lexicon, forms);
    if (found.length > 0) return found;
  }
  return [];
}

/** NLTK `WordNetLemmatizer().lemmatize(word)` (pos 'n'): the shortest morphy result, first on ties; else the word. */
export function lemmatizeNoun(lexicon: NounLexicon, word: string): string {
  const lemmas = morphyNoun(lexicon, word);
  if (lemmas.length === 0) return word;
  let shortest = lemmas[0];
  for (const lemma of lemmas) if (lemma.length < shortest.length) shortest = lemma;
  return shortest;
}
