/**
 * A vocabulary class as stored with a caption's labels: a synset's WordNet offset in decimal ("2084071"),
 * or a lemma class ("ja:公園", "en:ourbrand"), which always holds a colon.
 */
export type ClassKey = string;

export function isLemmaClassKey(key: ClassKey): boolean {
  return key.includes(':');
}

/** Class keys of one caption from its stored `synsets` and `lemmas` columns (both space-separated). */
export function classKeysOf(synsets: string, lemmas: string): ClassKey[] {
  const keys = synsets ? synsets.split(' ') : [];
  return lemmas ? keys.concat(lemmas.split(' ')) : keys;
}

/** Most frequent first; ties: synsets by offset (as before lemma classes existed), then lemma classes by name. */
export function compareClassCounts(a: readonly [ClassKey, number], b: readonly [ClassKey, number]): number {
  if (a[1] !== b[1]) return b[1] - a[1];
  const aLemma = isLemmaClassKey(a[0]);
  const bLemma = isLemmaClassKey(b[0]);
  if (aLemma !== bLemma) return aLemma ? 1 : -1;
  return aLemma ? (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0) : Number(a[0]) - Number(b[0]);
}
