/**
 * Japanese caption labelling: speed, how many Japanese nouns map to synsets, and how well a Japanese
 * caption's synsets agree with those of the English caption of the same image.
 * Run: npm run build:engine && npm run bench:label-ja [-- --captions N]
 *
 * Reads test/fixtures/captions-ja/coco-mini-ja.jsonl (from the working directory): Japanese captions
 * written for the tests, one per COCO-mini image, each beside the English COCO caption it renders.
 * Speed: N captions (default 20,000), the fixture's captions with a varying number appended so the
 * caption cache cannot help (it is off anyway); one thread, kuromoji already loaded.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLabeler } from '../../electron/engine/labeling/labeler.js';
import { loadJapaneseTokenizer } from '../../electron/engine/labeling/japanese-tokenizer.js';

interface Row {
  image: string;
  caption: string;
  caption_en: string;
}

const argIndex = process.argv.indexOf('--captions');
const total = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 20_000;
const file = path.resolve('test/fixtures/captions-ja/coco-mini-ja.jsonl');
const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Row);

const loadStart = performance.now();
await loadJapaneseTokenizer();
const loadSeconds = (performance.now() - loadStart) / 1000;
const labeler = createLabeler('paper', { cache: false });

/** Sums over the image pairs. */
const sum = { synsetNouns: 0, lemmaNouns: 0, jaccard: 0, enFoundInJa: 0, en: 0, identical: 0 };
for (const row of rows) {
  const ja = labeler.classes(row.caption);
  const en = new Set(labeler.label(row.caption_en).map((s) => s.name));
  const jaNames = new Set(ja.synsets.map((s) => s.name));
  sum.synsetNouns += ja.synsets.length;
  sum.lemmaNouns += ja.lemmas.length;
  const both = [...jaNames].filter((n) => en.has(n)).length;
  const union = new Set([...jaNames, ...en]).size;
  sum.jaccard += union === 0 ? 1 : both / union;
  sum.enFoundInJa += both;
  sum.en += en.size;
  if (both === union) sum.identical++;
}

const captions = Array.from({ length: total }, (_, i) => `${rows[i % rows.length].caption}（${i}）`);
const start = performance.now();
let labels = 0;
for (const caption of captions) labels += labeler.label(caption).length;
const seconds = (performance.now() - start) / 1000;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, Node ${process.version}`,
);
console.log(`kuromoji load: ${loadSeconds.toFixed(2)} s`);
console.log(
  `speed: ${total} Japanese captions in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} captions/s (${(labels / total).toFixed(2)} synsets per caption)`,
);
const nouns = sum.synsetNouns + sum.lemmaNouns;
console.log(
  `nouns mapped to synsets: ${sum.synsetNouns} of ${nouns} distinct content nouns per caption = ${pct(sum.synsetNouns / nouns)} (${rows.length} captions; the rest become lemma classes)`,
);
console.log(
  `ja/en agreement over ${rows.length} image pairs: mean Jaccard ${(sum.jaccard / rows.length).toFixed(3)}; ` +
    `${pct(sum.enFoundInJa / sum.en)} of the English caption's synsets also come from the Japanese one; identical synset sets for ${pct(sum.identical / rows.length)} of images`,
);
