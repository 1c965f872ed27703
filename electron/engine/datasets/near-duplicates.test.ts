import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../../test/fixtures/fixture-paths.js';
import { Engine } from '../api/engine.js';

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
});
