/**
 * `npm run bench:scale [-- --captions N --images M]`: the streaming claim — a JSONL of 1,000,000 captions
 * over 1,000 distinct images imports, and `vocab` runs over it, each with peak RSS under 1 GB.
 * Each stage runs in a fresh Node process so its peak RSS (getrusage maxrss) is its own.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { importDataset } from '../../electron/engine/datasets/import-dataset.js';
import { openSource } from '../../electron/engine/datasets/sources/open-source.js';
import { openDatabase } from '../../electron/engine/store/database.js';
import { buildVocabulary } from '../../electron/engine/vocab/vocabulary.js';
import { argValue, machine, sharedData } from './bench-util.js';

const stage = argValue('stage', 'all');
const dir = argValue('dir', '');

async function generate(root: string, captions: number, images: number): Promise<void> {
  mkdirSync(path.join(root, 'img'), { recursive: true });
  for (let i = 0; i < images; i++) {
    // distinct 64 px images: a colour per index plus a per-image noise pattern
    const px = Buffer.alloc(64 * 64 * 3);
    for (let j = 0; j < px.length; j++) px[j] = (i * 31 + j * ((i % 13) + 1)) & 255;
    await sharp(px, { raw: { width: 64, height: 64, channels: 3 } })
      .jpeg()
      .toFile(path.join(root, 'img', `${i}.jpg`));
  }
  const coco = JSON.parse(readFileSync(sharedData('coco-mini', 'annotations', 'captions_train2017.json'), 'utf8')) as {
    annotations: { caption: string }[];
  };
  const texts = coco.annotations.map((a) => a.caption.trim());
  const out = createWriteStream(path.join(root, 'captions.jsonl'));
  for (let i = 0; i < captions; i++) {
    const line = `${JSON.stringify({ image: `img/${i % images}.jpg`, caption: `${texts[i % texts.length]} (${i})` })}\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024; // maxRSS is in kilobytes
}

if (stage === 'import') {
  const db = openDatabase(path.join(dir, 'home'));
  const t = performance.now();
  const s = await importDataset(
    db,
    path.join(dir, 'home'),
    await openSource(path.join(dir, 'captions.jsonl'), 'jsonl'),
    { name: 'scale', imageSize: 32 },
  );
  db.close();
  console.log(
    JSON.stringify({
      stage,
      items: s.items,
      images: s.images,
      skipped: s.skipped_count,
      seconds: (performance.now() - t) / 1000,
      peak_rss_mb: peakRssMb(),
    }),
  );
} else if (stage === 'vocab') {
  const db = openDatabase(path.join(dir, 'home'));
  const t = performance.now();
  const v = buildVocabulary(db, { dataset: 'scale', mode: argValue('mode', 'paper') as 'paper' });
  db.close();
  console.log(
    JSON.stringify({
      stage,
      mode: v.mode,
      captions: v.captions,
      size: v.size,
      seconds: (performance.now() - t) / 1000,
      peak_rss_mb: peakRssMb(),
    }),
  );
} else {
  const captions = Number(argValue('captions', '1000000'));
  const images = Number(argValue('images', '1000'));
  const root = mkdtempSync(path.join(os.tmpdir(), 'catlip-bench-scale-'));
  const self = fileURLToPath(import.meta.url);
  try {
    const t = performance.now();
    await generate(root, captions, images);
    console.log(`machine: ${machine()}`);
    console.log(
      `generated ${captions} captions over ${images} images in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    for (const args of [
      ['--stage', 'import'],
      ['--stage', 'vocab', '--mode', 'paper'],
      ['--stage', 'vocab', '--mode', 'corenet'],
    ]) {
      const line = execFileSync(process.execPath, [self, ...args, '--dir', root], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      })
        .trim()
        .split('\n')
        .at(-1)!;
      const r = JSON.parse(line);
      console.log(
        `${args.slice(1).join(' ').padEnd(20)} ${r.seconds.toFixed(1).padStart(7)} s   peak RSS ${r.peak_rss_mb.toFixed(0).padStart(5)} MB   ${line}`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
