/**
 * `npm run bench:import [-- --images N --size S --concurrency C]`: images/s of the import pipeline for
 * 224 px JPEGs into the default 96 px cache (target: ≥ 300 images/s on a 2-core machine).
 * The JPEGs are distinct 224×224 crops of the real COCO photos in ../shared/data/coco-mini, made once
 * before timing; the timed part is the whole import: JSONL parsing, reading, sha256, decode, resize,
 * cache write and SQLite.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { importDataset } from '../../electron/engine/datasets/import-dataset.js';
import { openSource } from '../../electron/engine/datasets/sources/open-source.js';
import { openDatabase } from '../../electron/engine/store/database.js';
import { argValue, cocoImages, machine } from './bench-util.js';

const count = Number(argValue('images', '1500'));
const size = Number(argValue('size', '96'));
const concurrency = Number(argValue('concurrency', '6'));
const dir = mkdtempSync(path.join(os.tmpdir(), 'catlip-bench-import-'));
try {
  const imgDir = path.join(dir, 'images');
  mkdirSync(imgDir);
  const sources = cocoImages();
  const lines: string[] = [];
  process.stderr.write(`making ${count} distinct 224 px JPEGs from ${sources.length} COCO photos…\n`);
  for (let i = 0; i < count; i++) {
    const src = sources[i % sources.length];
    const round = Math.floor(i / sources.length);
    const meta = await sharp(src).metadata();
    const side = Math.min(meta.width!, meta.height!) - 8 * round;
    const left = Math.min(meta.width! - side, 4 * round);
    const name = `${String(i).padStart(6, '0')}.jpg`;
    await sharp(src)
      .extract({ left, top: Math.min(meta.height! - side, 4 * round), width: side, height: side })
      .resize(224, 224)
      .jpeg({ quality: 90 })
      .toFile(path.join(imgDir, name));
    lines.push(JSON.stringify({ image: `images/${name}`, caption: `photo number ${i}` }));
  }
  writeFileSync(path.join(dir, 'captions.jsonl'), `${lines.join('\n')}\n`);

  const db = openDatabase(path.join(dir, 'home'));
  const started = performance.now();
  const summary = await importDataset(
    db,
    path.join(dir, 'home'),
    await openSource(path.join(dir, 'captions.jsonl'), 'jsonl'),
    { name: 'bench', imageSize: size, concurrency },
  );
  const seconds = (performance.now() - started) / 1000;
  db.close();
  console.log(`machine: ${machine()}`);
  console.log(
    `import of ${summary.images} 224 px JPEGs into a ${size} px cache (concurrency ${concurrency}): ` +
      `${seconds.toFixed(2)} s, ${(summary.images / seconds).toFixed(0)} images/s (skipped ${summary.skipped_count})`,
  );
  console.log(
    JSON.stringify({ images: summary.images, seconds, images_per_second: summary.images / seconds, size, concurrency }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
