/**
 * Caption-labelling throughput, single thread, for both label modes.
 * Run: npx tsc -p tsconfig.build.json && node dist/test/bench/label.js [--captions N]
 *
 * Reads the COCO-mini captions (../shared/data/coco-mini/annotations, from the working directory) and
 * repeats them with small deterministic variations up to N (default 100,000) captions, so repeated
 * captions do not make the run a cache benchmark. The caption → labels LRU is off; the per-word memo
 * inside the CoreNet labeller stays on, as in production.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLabeler } from '../../electron/engine/labeling/labeler.js';
import { LABEL_MODES } from '../../electron/engine/labeling/types.js';
import { loadWordNet } from '../../electron/engine/wordnet/wordnet.js';

const ANNOTATION_FILES = ['captions_train2017.json', 'captions_val2017.json'];

function readCocoCaptions(dir: string): string[] {
  return ANNOTATION_FILES.flatMap((file) => {
    const json = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { annotations: { caption: string }[] };
    return json.annotations.map((a) => a.caption);
  });
}

/** The r-th round's version of a caption: framing, case and a round number vary, the nouns stay. */
function vary(caption: string, round: number): string {
  switch (round % 5) {
    case 0:
      return caption;
    case 1:
      return `Photo of ${caption.trim().replace(/\.$/, '')}, #${round}`;
    case 2:
      return caption.toUpperCase();
    case 3:
      return `“${caption.trim()}” (image ${round})`;
    default:
      return `${caption.trim()} Stock photo ${round}.`;
  }
}

function benchCaptions(base: string[], count: number): string[] {
  const out: string[] = [];
  for (let round = 0; out.length < count; round++) {
    for (const caption of base) {
      if (out.length === count) break;
      out.push(vary(caption, round));
    }
  }
  return out;
}

function parseCount(argv: string[]): number {
  const at = argv.indexOf('--captions');
  const value = at >= 0 ? Number(argv[at + 1]) : 100_000;
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--captions needs a positive integer, got ${argv[at + 1]}`);
  return value;
}

const dataDir = path.resolve(process.cwd(), '..', 'shared', 'data', 'coco-mini', 'annotations');
const base = readCocoCaptions(dataDir);
const captions = benchCaptions(base, parseCount(process.argv.slice(2)));

const loadStart = performance.now();
loadWordNet();
const loadSeconds = (performance.now() - loadStart) / 1000;

console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores; node ${process.version}; ${os.platform()} ${os.release()}`,
);
console.log(`input: ${base.length} COCO-mini captions from ${dataDir}, varied to ${captions.length}`);
console.log(`WordNet load: ${loadSeconds.toFixed(2)} s\n`);

const rows: string[][] = [['mode', 'captions', 'seconds', 'captions/s', 'labels/caption']];
for (const mode of LABEL_MODES) {
  const labeler = createLabeler(mode, { cache: false });
  // Warm-up: JIT and the lazily built tagger / synset objects are not what we measure.
  for (let i = 0; i < Math.min(5_000, captions.length); i++) labeler.label(base[i % base.length]);

  let labels = 0;
  const started = process.hrtime.bigint();
  for (const caption of captions) labels += labeler.label(caption).length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rows.push([
    mode,
    String(captions.length),
    seconds.toFixed(2),
    Math.round(captions.length / seconds).toLocaleString('en-US'),
    (labels / captions.length).toFixed(2),
  ]);
}

const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const [i, row] of rows.entries()) {
  console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
