import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../../test/fixtures/fixture-paths.js';
import { Engine } from '../api/engine.js';
import { nearDuplicateGroups } from './near-duplicates.js';
import { hammingDistance } from './perceptual-hash.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-near-dup-'));
const coco = path.join(sharedDataDir, 'coco-mini', 'train2017');
const original = path.join(coco, '000000000790.jpg');
const other = path.join(coco, '000000030752.jpg');
let engine: Engine;

beforeAll(async () => {
  engine = new Engine(home);
  // real transformed copies: the same photo at 60 % of its size, re-encoded at JPEG quality 50, and as a PNG
  const { width } = await sharp(original).metadata();
  const resized = path.join(home, 'resized.jpg');
  await sharp(original)
    .resize(Math.round(width! * 0.6))
    .jpeg({ quality: 50 })
    .toFile(resized);
  const png = path.join(home, 'reencoded.png');
  await sharp(original).png().toFile(png);
  const manifest = path.join(home, 'photos.jsonl');
  const rows = [
    [original, 'a photo'],
    [resized, 'the same photo, smaller'],
    [png, 'the same photo as PNG'],
    [other, 'another photo'],
    [original, 'the first photo again'],
  ];
  writeFileSync(manifest, rows.map(([image, caption]) => JSON.stringify({ image, caption })).join('\n'));
  await engine.invoke('datasets:import', { path: manifest, name: 'photos', imageSize: 64, imageRoots: [coco, home] });
}, 120_000);
afterAll(() => {
  engine.close();
  rmSync(home, { recursive: true, force: true });
});

describe('near-duplicate images', () => {
  it('groups a resized, re-encoded copy with its original and leaves a different photo out', async () => {
    const q = await engine.invoke('datasets:quality', { dataset: 'photos' });
    // the original listed twice is one image (same sha256); the copies are separate images
    expect(q.near_duplicates).toMatchObject({ threshold: 6, images: 4, groups: 1, redundant: 2 });
    expect(q.near_duplicates.examples).toHaveLength(1);
    // an image's source is the manifest line it was first seen on: lines 1–3 are the photo and its copies
    // (in image id order, which follows the order the decodes finished)
    expect(q.near_duplicates.examples[0].map((image) => image.source).sort()).toEqual([
      'photos.jsonl:1',
      'photos.jsonl:2',
      'photos.jsonl:3',
    ]);
    // the hashes are stored: asking again gives the same answer
    expect((await engine.invoke('datasets:quality', { dataset: 'photos' })).near_duplicates).toEqual(q.near_duplicates);
  });

  it('joins images through chains of close pairs and keeps the first image of each group first', () => {
    const images = [
      { id: 1, source: 'a', dhash: '0000000000000000' },
      { id: 2, source: 'b', dhash: 'ffffffffffffffff' },
      { id: 3, source: 'c', dhash: '000000000000003f' }, // 6 bits from a
      { id: 4, source: 'd', dhash: '0000000000000fff' }, // 6 bits from c, 12 from a
      { id: 5, source: 'e', dhash: 'fffffffffffffff0' }, // 4 bits from b
      { id: 6, source: 'f', dhash: 'f0f0f0f0f0f0f0f0' }, // far from all
    ];
    expect(hammingDistance(images[0].dhash, images[3].dhash)).toBe(12);
    expect(nearDuplicateGroups(images).map((g) => g.map((i) => i.id))).toEqual([
      [1, 3, 4],
      [2, 5],
    ]);
    expect(nearDuplicateGroups(images, 5).map((g) => g.map((i) => i.id))).toEqual([[2, 5]]);
  });

  it('finds every pair a comparison of all pairs finds, with the bits of a pair spread over the hash', () => {
    // a fixed pseudo-random set: 300 hashes, and for 100 of them a copy with 1–7 bits flipped anywhere
    let state = 12345;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    const hex = (hi: number, lo: number) => hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
    const images: { id: number; source: string; dhash: string }[] = [];
    for (let i = 0; i < 300; i++) images.push({ id: images.length + 1, source: `r${i}`, dhash: hex(next(), next()) });
    for (let i = 0; i < 100; i++) {
      let hi = parseInt(images[i]!.dhash.slice(0, 8), 16);
      let lo = parseInt(images[i]!.dhash.slice(8), 16);
      for (let k = 0; k < 1 + (i % 7); k++) {
        const bit = next() % 64;
        if (bit < 32) hi = (hi ^ (1 << bit)) >>> 0;
        else lo = (lo ^ (1 << (bit - 32))) >>> 0;
      }
      images.push({ id: images.length + 1, source: `c${i}`, dhash: hex(hi, lo) });
    }
    for (const threshold of [3, 6, 7]) {
      const pairs = new Set<string>();
      for (const g of nearDuplicateGroups(images, threshold))
        for (const a of g) for (const b of g) if (a.id < b.id) pairs.add(`${a.id}-${b.id}`);
      for (const a of images) {
        for (const b of images) {
          if (a.id < b.id && hammingDistance(a.dhash, b.dhash) <= threshold)
            expect(pairs.has(`${a.id}-${b.id}`)).toBe(true);
        }
      }
    }
  });
});
