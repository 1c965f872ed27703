/** A WordNet 3.0 noun synset, named and numbered the way NLTK names it. */
export interface NounSynset {
  /** Position in the resource (data.noun order); stable for one resource build, not a WordNet id. */
  readonly index: number;
  /** NLTK name: first lemma lower-cased + `.n.` + its sense number in that lemma's index.noun list (`car.n.01`). */
  readonly name: string;
  /** WordNet 3.0 data.noun byte offset, e.g. 2084071 for dog.n.01 (NLTK `Synset.offset()`). */
  readonly offset: number;
  /** ImageNet-style id: `n` + 8-digit zero-padded offset (`n02084071`). */
  readonly wnid: string;
  /** Lemma names in WordNet order and case (`['dog', 'domestic_dog', 'Canis_familiaris']`). */
  readonly lemmas: readonly string[];
  /** `@` pointers (NLTK 3.8.1 `hypernyms()`: sorted by name). */
  readonly hypernyms: readonly NounSynset[];
  /** `@i` pointers (NLTK 3.8.1 `instance_hypernyms()`: sorted by name), set for instances such as cities and people. */
  readonly instanceHypernyms: readonly NounSynset[];
}

export function wnidOf(offset: number): string {
  return 'n' + String(offset).padStart(8, '0');
}
