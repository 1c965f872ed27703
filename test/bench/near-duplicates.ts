/**
 * `npm run bench:near-duplicates [-- --sizes 100000,1000000]`: time and memory of grouping near-duplicate
 * images by perceptual hash. Each size runs in a fresh Node process (its peak RSS is its own) on a fixed
 * pseudo-random set shaped like a real photo collection: 90 % distinct photos, 8 % copies 0–7 bits from one
 * of them (7 is past the threshold), and 2 % blank images that all hash to zero.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { HashedImage } from '../../electron/engine/datasets/image-hash-repository.js';
import { nearDuplicateGroups } from '../../electron/engine/datasets/near-duplicate-groups.js';
import { argValue, machine } from './bench-util.js';
import { flipBits, hexHash, seededRandom } from './random-hashes.js';

function hashes(count: number): HashedImage[] {
  const next = seededRandom(20261204);
  const out: HashedImage[] = [];
  for (let i = 0; i < count; i++) {
    const kind = next() % 100;
    let dhash = hexHash(next(), next());
    if (kind >= 98) dhash = '0000000000000000';
    else if (kind >= 90 && out.length > 0) {
      dhash = flipBits(out[next() % out.length].dhash, next() % 8, next);
    }
    out.push({ id: i + 1, source: `photos.jsonl:${i + 1}`, dhash });
  }
  return out;
}

const size = Number(argValue('size', '0'));
if (size > 0) {
  const images = hashes(size);
  const before = process.memoryUsage().rss;
  const t = performance.now();
  const groups = nearDuplicateGroups(images);
  const seconds = (performance.now() - t) / 1000;
  console.log(
    JSON.stringify({
      images: size,
      seconds,
      groups: groups.length,
      redundant: groups.reduce((n, g) => n + g.length - 1, 0),
      rss_before_mb: before / 2 ** 20,
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    }),
  );
} else {
  const self = fileURLToPath(import.meta.url);
  console.log(
    `machine: ${machine()}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  for (const n of argValue('sizes', '100000,1000000').split(',').map(Number)) {
    const line = execFileSync(process.execPath, [self, '--size', String(n)], { encoding: 'utf8' }).trim();
    const r = JSON.parse(line);
    console.log(
      `${String(n).padStart(9)} hashes  ${r.seconds.toFixed(2).padStart(7)} s  ${String(r.groups).padStart(7)} groups  ` +
        `${String(r.redundant).padStart(7)} redundant  RSS ${r.rss_before_mb.toFixed(0)} MB with the hashes loaded, peak ${r.peak_rss_mb.toFixed(0)} MB`,
    );
  }
}
