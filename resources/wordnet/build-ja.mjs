#!/usr/bin/env node
// Builds resources/wordnet/wn30-ja-nouns.json.gz: Japanese lemma → WordNet 3.0 noun synsets, from the Open
// Multilingual Wordnet tab files (omwn/omw-data): `wn-wikt-jpn.tab` (Wiktionary, CC BY-SA 3.0) and
// `wn-cldr-jpn.tab` (Unicode CLDR). Only noun synsets (`-n`) that exist in wn30-nouns.json.gz are kept.
// A Japanese lemma linked to several synsets lists them most-likely-in-a-caption first: physical things
// (under physical_entity.n.01) before abstractions, since captions describe pictures (男性 → man.n.01, not
// masculine.n.01); then by the sense number of the synset under its own head lemma (男性 → man.n.01, the
// first sense of "man", before male.n.02, the second of "male"); then by the best sense number any of its
// lemmas has (犬 → dog.n.01 before frump.n.01); then more English lemmas first (バス → bus.n.01, nine
// lemmas, before bathtub.n.01, four), then by offset.
// Deterministic output (sorted keys, gzip mtime 0): rebuilding from the same files gives the same bytes.
//
// Usage: node resources/wordnet/build-ja.mjs <folder with wn-wikt-jpn.tab and wn-cldr-jpn.tab> [output.json.gz]
// Writing the default output also copies the licence and citation files beside it.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
if (!process.argv[2]) {
  console.error('usage: node resources/wordnet/build-ja.mjs <omw-data jpn folder> [output.json.gz]');
  process.exit(2);
}
const sourceDir = path.resolve(process.argv[2]);
const defaultOutFile = path.join(here, 'wn30-ja-nouns.json.gz');
const outFile = process.argv[3] ? path.resolve(process.argv[3]) : defaultOutFile;
const SOURCES = [
  { file: 'wn-wikt-jpn.tab', licence: 'LICENSE-wikt', copyAs: 'LICENSE-wikt-jpn', citation: 'citation-wikt.bib' },
  { file: 'wn-cldr-jpn.tab', licence: 'LICENSE-cldr', copyAs: 'LICENSE-cldr-jpn', citation: 'citation-cldr.bib' },
];

// Sense rank of every English noun synset: the smallest index.noun position among its lemmas.
const wn = JSON.parse(gunzipSync(readFileSync(path.join(here, 'wn30-nouns.json.gz'))).toString('utf8'));
const positionOfOffset = new Map();
for (let i = 0, offset = 0; i < wn.synsetCount; i++) positionOfOffset.set((offset += wn.offsetDeltas[i]), i);
const senseRank = new Int32Array(wn.synsetCount).fill(1 << 30);
for (let row = 0, at = 0; row < wn.indexSenses.counts.length; row++) {
  const count = wn.indexSenses.counts[row];
  for (let k = 0; k < count; k++) {
    const position = wn.indexSenses.items[at + k];
    if (k < senseRank[position]) senseRank[position] = k;
  }
  at += count;
}

// physical_entity.n.01: is each synset below it (over hypernym and instance-hypernym links)?
const PHYSICAL_ENTITY = 1930;
const hypernymLists = [wn.hypernyms, wn.instanceHypernyms].map(({ counts, items }) => {
  const starts = [0];
  for (const c of counts) starts.push(starts[starts.length - 1] + c);
  return (i) => items.slice(starts[i], starts[i + 1]);
});
const physical = new Int8Array(wn.synsetCount).fill(-1);
const physicalRoot = positionOfOffset.get(PHYSICAL_ENTITY);
function isPhysical(i) {
  if (physical[i] < 0) {
    physical[i] = 0; // cycle guard (WordNet has none, but be safe)
    physical[i] = i === physicalRoot || hypernymLists.some((list) => list(i).some(isPhysical)) ? 1 : 0;
  }
  return physical[i] === 1;
}
const abstractRank = (offset) => (isPhysical(positionOfOffset.get(offset)) ? 0 : 1);

// Sense number of each synset under its head (first) lemma, and its lemma count.
const lemmaLines = wn.lemmas.split('\n');
const indexRowOf = new Map(wn.indexLemmas.split('\n').map((lemma, row) => [lemma, row]));
const rowStarts = [0];
for (const c of wn.indexSenses.counts) rowStarts.push(rowStarts[rowStarts.length - 1] + c);
function headRank(i) {
  const row = indexRowOf.get(lemmaLines[i].split(' ')[0].toLowerCase());
  const senses = wn.indexSenses.items.slice(rowStarts[row], rowStarts[row + 1]);
  return senses.indexOf(i);
}
const lemmaCount = (i) => lemmaLines[i].split(' ').length;

const offsetsOfLemma = new Map();
let rows = 0;
let unknown = 0;
for (const { file } of SOURCES) {
  for (const line of readFileSync(path.join(sourceDir, file), 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [id, type, rawLemma] = line.split('\t');
    if (type !== 'jpn:lemma' || !id.endsWith('-n') || !rawLemma) continue;
    const offset = Number.parseInt(id.slice(0, 8), 10);
    if (!positionOfOffset.has(offset)) {
      unknown++;
      continue;
    }
    // Analysers give base forms in NFKC-like width (full-width katakana, half-width ASCII); store the same.
    const lemma = rawLemma.normalize('NFKC').trim();
    if (lemma === '') continue;
    rows++;
    const list = offsetsOfLemma.get(lemma) ?? [];
    if (!list.includes(offset)) list.push(offset);
    offsetsOfLemma.set(lemma, list);
  }
}

const lines = [...offsetsOfLemma.keys()].sort().map((lemma) => {
  const offsets = offsetsOfLemma.get(lemma).sort((a, b) => {
    const [i, j] = [positionOfOffset.get(a), positionOfOffset.get(b)];
    return abstractRank(a) - abstractRank(b) || headRank(i) - headRank(j) || senseRank[i] - senseRank[j]
      || lemmaCount(j) - lemmaCount(i) || a - b;
  });
  return `${lemma}\t${offsets.join(' ')}`;
});
const resource = {
  format: 'catlip-wn30-ja-nouns/1',
  sources: SOURCES.map((s) => s.file),
  /** One line per Japanese lemma: `lemma<TAB>offset offset …`, synsets most-common first. */
  lemmas: lines.join('\n'),
};
writeFileSync(outFile, gzipSync(Buffer.from(JSON.stringify(resource), 'utf8'), { level: zlibConstants.Z_BEST_COMPRESSION }));
if (outFile === defaultOutFile) {
  for (const s of SOURCES) {
    copyFileSync(path.join(sourceDir, s.licence), path.join(here, s.copyAs));
    copyFileSync(path.join(sourceDir, s.citation), path.join(here, s.citation.replace('.bib', '-jpn.bib')));
  }
}
const synsets = new Set([...offsetsOfLemma.values()].flat()).size;
console.log(`wrote ${outFile}: ${lines.length} Japanese lemmas, ${synsets} noun synsets (${rows} rows; ${unknown} rows with no WordNet 3.0 noun synset left out)`);
