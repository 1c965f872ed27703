import { lemmatizeNoun, morphyNoun, type NounLexicon } from './morphy.js';
import { readWordNetNounData, type WordNetNounData } from './resource.js';
import { resolveWordNetResource } from './resource-path.js';
import { hypernymPaths, pathSimilarity, shortestPathDistance } from './similarity.js';
import { wnidOf, type NounSynset } from './synset.js';

export type { NounSynset } from './synset.js';

/** WordNet 3.0 nouns with NLTK-compatible naming, lookup, morphology and path similarity. */
export class WordNet implements NounLexicon {
  private readonly synsetCache: (NounSynset | undefined)[];
  private readonly indexOfOffset = new Map<number, number>();

  constructor(private readonly data: WordNetNounData) {
    this.synsetCache = new Array<NounSynset | undefined>(data.offsets.length);
    data.offsets.forEach((offset, i) => this.indexOfOffset.set(offset, i));
  }

  get synsetCount(): number {
    return this.data.offsets.length;
  }

  /** Synset at a resource position (0 ≤ index < synsetCount). */
  synsetAt(index: number): NounSynset {
    const cached = this.synsetCache[index];
    if (cached) return cached;
    if (!Number.isInteger(index) || index < 0 || index >= this.synsetCount) {
      throw new RangeError(`no noun synset at position ${index}`);
    }
    const synset = new LazySynset(this, this.data, index);
    this.synsetCache[index] = synset;
    return synset;
  }

  /** NLTK `synset_from_pos_and_offset('n', offset)`; undefined when no noun synset starts there. */
  synsetByOffset(offset: number): NounSynset | undefined {
    const index = this.indexOfOffset.get(offset);
    return index === undefined ? undefined : this.synsetAt(index);
  }

  /**
   * NLTK `wn.synset(name)` for nouns: `lemma.n.NN` → the NN-th entry of index.noun's list for the
   * lower-cased lemma. Like NLTK it does NOT require the result to be named `name`:
   * `synsetByName('automobile.n.01')` is car.n.01. Undefined where NLTK raises (unknown lemma, sense out
   * of range, malformed name) and for non-noun names (this resource holds nouns only).
   */
  synsetByName(name: string): NounSynset | undefined {
    const lower = name.toLowerCase();
    const lastDot = lower.lastIndexOf('.');
    const posDot = lastDot > 0 ? lower.lastIndexOf('.', lastDot - 1) : -1;
    if (posDot < 0) return undefined;
    if (lower.slice(posDot + 1, lastDot) !== 'n') return undefined;
    const sense = parsePythonInt(lower.slice(lastDot + 1));
    const senses = this.nounSensePositions(lower.slice(0, posDot));
    if (sense === undefined || senses === undefined) return undefined;
    // NLTK indexes a Python list with sense - 1, so 0 and negative numbers count from the end.
    let position = sense - 1;
    if (position < 0) position += senses.length;
    if (position < 0 || position >= senses.length) return undefined;
    return this.synsetAt(senses[position]);
  }

  /** Synset whose NLTK name is exactly `name` (`car.n.01`), unlike synsetByName's alias behaviour. */
  synsetByExactName(name: string): NounSynset | undefined {
    const synset = this.synsetByName(name);
    return synset && synset.name === name ? synset : undefined;
  }

  /** index.noun senses of `lemma` (lower-cased; multi-word lemmas use `_`), in sense order. No morphology. */
  nounSynsets(lemma: string): NounSynset[] {
    const senses = this.nounSensePositions(lemma.toLowerCase());
    return senses ? Array.from(senses, (i) => this.synsetAt(i)) : [];
  }

  /** Resource positions of the synsets of an index.noun lemma (exact key, no lower-casing), in sense order. */
  nounSensePositions(lemma: string): Int32Array | undefined {
    const row = this.data.indexRow.get(lemma);
    return row === undefined ? undefined : this.data.senses.at(row);
  }

  hasNounLemma(lemma: string): boolean {
    return this.data.indexRow.has(lemma);
  }

  nounExceptions(form: string): readonly string[] | undefined {
    return this.data.exceptions.get(form);
  }

  /** NLTK 3.8.1 `wn._morphy(word, 'n')`. */
  morphyNoun(word: string): string[] {
    return morphyNoun(this, word);
  }

  /** NLTK `WordNetLemmatizer().lemmatize(word)` with the default pos 'n'. */
  lemmatizeNoun(word: string): string {
    return lemmatizeNoun(this, word);
  }

  /** NLTK `Synset.hypernym_paths()`: every root → synset path over `@` and `@i` links. */
  hypernymPaths(synset: NounSynset): NounSynset[][] {
    return hypernymPaths(synset);
  }

  /** NLTK `Synset.shortest_path_distance(other)` for nouns; undefined when unconnected. */
  shortestPathDistance(a: NounSynset, b: NounSynset): number | undefined {
    return shortestPathDistance(a, b);
  }

  /** NLTK `Synset.path_similarity(other)` for nouns: 1 / (shortest path distance + 1). */
  pathSimilarity(a: NounSynset, b: NounSynset): number | undefined {
    return pathSimilarity(a, b);
  }

  /** NLTK's name for the synset at `index` (see NounSynset.name). */
  nameOf(index: number): string {
    const firstLemma = this.data.lemmasOf(index)[0].toLowerCase();
    const senses = this.nounSensePositions(firstLemma);
    const sense = senses ? senses.indexOf(index) : -1;
    // NLTK raises here; WordNet 3.0 always lists a synset under its first lemma (checked by a test).
    if (sense < 0) throw new Error(`synset ${this.data.offsets[index]} is missing from index.noun '${firstLemma}'`);
    return `${firstLemma}.n.${String(sense + 1).padStart(2, '0')}`;
  }
}

class LazySynset implements NounSynset {
  readonly offset: number;
  readonly wnid: string;
  readonly lemmas: readonly string[];
  private cachedName: string | undefined;
  private cachedHypernyms: readonly NounSynset[] | undefined;
  private cachedInstanceHypernyms: readonly NounSynset[] | undefined;

  constructor(
    private readonly wordnet: WordNet,
    private readonly data: WordNetNounData,
    readonly index: number,
  ) {
    this.offset = data.offsets[index];
    this.wnid = wnidOf(this.offset);
    this.lemmas = data.lemmasOf(index);
  }

  get name(): string {
    return (this.cachedName ??= this.wordnet.nameOf(this.index));
  }

  get hypernyms(): readonly NounSynset[] {
    return (this.cachedHypernyms ??= this.related(this.data.hypernyms.at(this.index)));
  }

  get instanceHypernyms(): readonly NounSynset[] {
    return (this.cachedInstanceHypernyms ??= this.related(this.data.instanceHypernyms.at(this.index)));
  }

  /** NLTK 3.8.1 `Synset._related(symbol, sort=True)` sorts by name; the data file order is not kept. */
  private related(positions: Int32Array): readonly NounSynset[] {
    const synsets = Array.from(positions, (i) => this.wordnet.synsetAt(i));
    return Object.freeze(synsets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  }

  toString(): string {
    return `Synset('${this.name}')`;
  }
}

/** Python `int(text)` for the ASCII forms a synset name can carry (" 01", "+1", "1_0"); undefined where Python raises. */
function parsePythonInt(text: string): number | undefined {
  const match = /^[ \t\n\r\f\v]*([+-]?)(\d+(?:_\d+)*)[ \t\n\r\f\v]*$/.exec(text);
  if (!match) return undefined;
  const value = Number.parseInt(match[2].replaceAll('_', ''), 10);
  return match[1] === '-' ? -value : value;
}

let shared: WordNet | undefined;

/** The process-wide WordNet, read from resources/wordnet/wn30-nouns.json.gz on first use (~0.3 s). */
export function loadWordNet(): WordNet {
  return (shared ??= new WordNet(readWordNetNounData(resolveWordNetResource())));
}
