import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** Format written by resources/wordnet/build.mjs. */
export const WORDNET_RESOURCE_FORMAT = 'catlip-wn30-nouns/1';

/** Lists of lists as one item array plus where each list starts (list i is items[starts[i]..starts[i+1])). */
export class FlatLists {
  private constructor(
    private readonly starts: Int32Array,
    private readonly items: Int32Array,
  ) {}

  static fromCounts(counts: readonly number[], items: readonly number[]): FlatLists {
    const starts = new Int32Array(counts.length + 1);
    for (let i = 0; i < counts.length; i++) starts[i + 1] = starts[i] + counts[i];
    if (starts[counts.length] !== items.length) throw new Error('flat list counts do not add up to the item count');
    return new FlatLists(starts, Int32Array.from(items));
  }

  get length(): number {
    return this.starts.length - 1;
  }

  /** List i as a view (no copy). */
  at(i: number): Int32Array {
    return this.items.subarray(this.starts[i], this.starts[i + 1]);
  }
}

/** Decoded `wn30-nouns.json.gz`; synsets are addressed by their position (data.noun order). */
export interface WordNetNounData {
  /** Byte offset of each synset in data.noun (WordNet 3.0), ascending. */
  offsets: Int32Array;
  /** Lemma names of synset i, in data.noun order and case (`['dog', 'domestic_dog', 'Canis_familiaris']`). */
  lemmasOf(i: number): string[];
  hypernyms: FlatLists;
  instanceHypernyms: FlatLists;
  /** index.noun: lower-case lemma → row of `senses`. */
  indexRow: Map<string, number>;
  /** Row r: synset positions of an index.noun lemma, in sense order. */
  senses: FlatLists;
  /** noun.exc: inflected form → base forms. */
  exceptions: Map<string, readonly string[]>;
}

interface RawFlatLists {
  counts: number[];
  items: number[];
}

interface RawResource {
  format: string;
  synsetCount: number;
  offsetDeltas: number[];
  lemmas: string;
  hypernyms: RawFlatLists;
  instanceHypernyms: RawFlatLists;
  indexLemmas: string;
  indexSenses: RawFlatLists;
  exceptions: string;
}

/** Reads the resource (~0.3 s). Lemma lines are split on demand: most synsets are never looked at. */
export function readWordNetNounData(file: string): WordNetNounData {
  const raw = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as RawResource;
  if (raw.format !== WORDNET_RESOURCE_FORMAT) {
    throw new Error(`${file}: expected format ${WORDNET_RESOURCE_FORMAT}, got ${String(raw.format)}; rebuild it`);
  }
  const count = raw.synsetCount;

  const offsets = new Int32Array(count);
  let offset = 0;
  for (let i = 0; i < count; i++) offsets[i] = offset += raw.offsetDeltas[i];

  const lemmaText = raw.lemmas;
  const lineStarts = new Int32Array(count + 1);
  for (let i = 1, at = 0; i <= count; i++) {
    const newline = lemmaText.indexOf('\n', at);
    at = newline < 0 ? lemmaText.length + 1 : newline + 1;
    lineStarts[i] = at;
  }
  const lemmasOf = (i: number) => lemmaText.slice(lineStarts[i], lineStarts[i + 1] - 1).split(' ');

  const indexRow = new Map<string, number>();
  raw.indexLemmas.split('\n').forEach((lemma, row) => indexRow.set(lemma, row));

  const exceptions = new Map<string, readonly string[]>();
  for (const line of raw.exceptions.split('\n')) {
    const [form, ...bases] = line.split(' ');
    exceptions.set(form, bases);
  }

  const data: WordNetNounData = {
    offsets,
    lemmasOf,
    hypernyms: FlatLists.fromCounts(raw.hypernyms.counts, raw.hypernyms.items),
    instanceHypernyms: FlatLists.fromCounts(raw.instanceHypernyms.counts, raw.instanceHypernyms.items),
    indexRow,
    senses: FlatLists.fromCounts(raw.indexSenses.counts, raw.indexSenses.items),
    exceptions,
  };
  if (
    lineStarts[count] !== lemmaText.length + 1 ||
    data.hypernyms.length !== count ||
    data.senses.length !== indexRow.size
  ) {
    throw new Error(`${file}: tables disagree in length; rebuild it`);
  }
  return data;
}
