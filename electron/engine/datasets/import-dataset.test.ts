import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/database.js';
import { ImageCacheReader } from './image-cache.js';
import { importDataset } from './import-dataset.js';
import type { DatasetSource, SourceRecord } from './sources/types.js';
import { fixture } from '../../../test/fixtures/fixture-paths.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'catlip-import-'));
const home = path.join(dir, 'home');
let db: Db;
const file = (name: string) => path.join(dir, name);

/** A solid-colour image of the given size and format. */
async function makeImage(name: string, width: number, height: number, rgb: [number, number, number], alpha = false) {
  const channels = alpha ? 4 : 3;
  const img = sharp({
    create: {
      width,
      height,
      channels,
      background: alpha ? { r: rgb[0], g: rgb[1], b: rgb[2], alpha: 0 } : { r: rgb[0], g: rgb[1], b: rgb[2] },
    },
  });
  await (name.endsWith('.png') ? img.png() : img.jpeg({ quality: 90 })).toFile(file(name));
}

function sourceOf(records: SourceRecord[], labelled = false): DatasetSource {
  return {
    format: labelled ? 'imagefolder' : 'jsonl',
    root: dir,
    labelled,
    async *records(signal) {
      for (const r of records) {
        if (signal?.aborted) return;
        yield r;
      }
    },
  };
}
const item = (name: string, caption: string, extra: Partial<SourceRecord> = {}): SourceRecord =>
  ({ kind: 'item', source: name, image: { path: file(name) }, caption, ...extra }) as SourceRecord;

beforeAll(async () => {
  db = openDatabase(home);
  await makeImage('red.jpg', 300, 200, [255, 0, 0]);
  await makeImage('green.png', 50, 80, [0, 255, 0]);
  await makeImage('clear.png', 20, 20, [0, 0, 0], true);
  copyFileSync(file('red.jpg'), file('red-copy.jpg'));
  const jpeg = readFileSync(file('red.jpg'));
  writeFileSync(file('truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  writeFileSync(file('random.jpg'), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251)));
  writeFileSync(file('text.png'), 'this is not a picture\n');
  writeFileSync(file('empty.jpg'), '');
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('importDataset', () => {
  it('stores valid items, skips each bad one with its reason, de-duplicates by content', async () => {
    const s = await importDataset(
      db,
      home,
      sourceOf([
        item('red.jpg', 'a red square'),
        item('red.jpg', 'another caption of the same file'),
        item('red-copy.jpg', 'same pixels, other file'),
        item('green.png', 'a green rectangle'),
        item('clear.png', 'transparent'),
        item('truncated.jpg', 'cut in half'),
        item('random.jpg', 'noise with a jpg extension'),
        item('text.png', 'text file named png'),
        item('empty.jpg', 'empty file'),
        item('missing.jpg', 'not there'),
        item('green.png', '   '),
        { kind: 'skip', source: 'captions.jsonl:12', reason: 'line 12: invalid JSON' },
      ]),
      { name: 'colours', imageSize: 16 },
    );

    expect(s.status).toBe('completed');
    expect(s.items).toBe(5);
    expect(s.images).toBe(3); // red, green, clear: the copy is the same content
    expect(s.duplicates).toBe(1);
    const reasons = Object.fromEntries(s.skipped.map((k) => [k.source, k.reason]));
    expect(reasons['truncated.jpg']).toMatch(/corrupt or truncated/);
    expect(reasons['random.jpg']).toMatch(/not a readable image/);
    expect(reasons['text.png']).toMatch(/not a readable image/);
    expect(reasons['empty.jpg']).toBe('image file is empty');
    expect(reasons['missing.jpg']).toBe('image file not found');
    expect(reasons['green.png']).toBe('empty caption');
    expect(reasons['captions.jsonl:12']).toBe('line 12: invalid JSON');
    expect(s.skipped_count).toBe(7);
    expect(db.prepare('SELECT count(*) FROM import_skips WHERE import_id = ?').pluck().get(s.import)).toBe(7);

    const images = db.prepare('SELECT source, width, height, cache_index FROM images ORDER BY cache_index').all() as {
      source: string;
      width: number;
      height: number;
      cache_index: number;
    }[];
    expect(images.find((i) => i.source === 'red.jpg')).toMatchObject({ width: 300, height: 200 });
    const cache = new ImageCacheReader(path.join(home, 'cache', 'colours.16px.rgb'));
    expect(cache.count).toBe(3);
    const pixel = (source: string) => cache.read(images.find((i) => i.source === source)!.cache_index).subarray(0, 3);
    expect([...pixel('red.jpg')].map((v) => Math.round(v / 16))).toEqual([16, 0, 0]);
    expect([...pixel('green.png')]).toEqual([0, 255, 0]);
    expect([...pixel('clear.png')]).toEqual([255, 255, 255]); // transparency flattened onto white
    cache.close();
  });

  it('is idempotent: importing the same source again adds nothing', async () => {
    const records = [item('red.jpg', 'a red square'), item('green.png', 'a green rectangle')];
    const again = await importDataset(db, home, sourceOf(records), { name: 'colours', imageSize: 16 });
    expect([again.items, again.images, again.duplicates, again.already_present]).toEqual([0, 0, 0, 2]);
    expect(again.totals).toMatchObject({ items: 5, images: 3 });
  });

  it('refuses to mix image sizes in one dataset', async () => {
    await expect(
      importDataset(db, home, sourceOf([item('red.jpg', 'x')]), { name: 'colours', imageSize: 32 }),
    ).rejects.toThrow(/cached at 16 px/);
  });

  it('refuses images above the pixel limit before decoding them', async () => {
    const s = await importDataset(db, home, sourceOf([item('red.jpg', 'big'), item('green.png', 'small')]), {
      name: 'limited',
      imageSize: 16,
      maxPixels: 10_000,
    });
    expect(s.items).toBe(1);
    expect(s.skipped[0]).toEqual({
      source: 'red.jpg',
      reason: expect.stringMatching(/300×200 .* above the 0 MP limit \(decompression-bomb guard\)/),
    });
  });

  it('refuses the committed decompression-bomb PNG from its header, and the other broken fixtures', async () => {
    const broken = (name: string): SourceRecord => ({
      kind: 'item',
      source: name,
      image: { path: fixture('broken-images', name) },
      caption: 'x',
    });
    const s = await importDataset(
      db,
      home,
      sourceOf(['bomb.png', 'corrupt.jpg', 'truncated.jpg', 'text.png'].map(broken)),
      { name: 'broken', imageSize: 16 },
    );
    expect(s.items).toBe(0);
    expect(Object.fromEntries(s.skipped.map((k) => [k.source, k.reason]))).toEqual({
      'bomb.png': 'image is 60000×60000 = 3600 MP, above the 100 MP limit (decompression-bomb guard)',
      'corrupt.jpg': expect.stringMatching(/^not a readable image/),
      'truncated.jpg': expect.stringMatching(/^corrupt or truncated image/),
      'text.png': expect.stringMatching(/^not a readable image/),
    });
  });

  it('stores labelled items with classes and a stratified split, and reports a labelled duplicate', async () => {
    const lab = (name: string, label: string): SourceRecord => ({
      kind: 'item',
      source: `${label}/${name}`,
      image: { path: file(name) },
      label,
    });
    const s = await importDataset(
      db,
      home,
      sourceOf(
        [lab('red.jpg', 'red'), lab('green.png', 'green'), lab('clear.png', 'green'), lab('red-copy.jpg', 'red')],
        true,
      ),
      { name: 'labelled', imageSize: 16 },
    );
    expect([s.items, s.totals.classes]).toEqual([3, 2]);
    expect(s.skipped).toEqual([
      { source: 'red/red-copy.jpg', reason: 'duplicate of red/red.jpg, which is already in the dataset' },
    ]);
    const splits = db
      .prepare(`SELECT split FROM items WHERE dataset_id = (SELECT id FROM datasets WHERE name = 'labelled')`)
      .pluck()
      .all();
    expect(splits.every((x) => x === 'train' || x === 'test')).toBe(true);
  });

  it('stops on cancel and keeps what it imported', async () => {
    const controller = new AbortController();
    const records: SourceRecord[] = [item('red.jpg', 'one'), item('green.png', 'two'), item('clear.png', 'three')];
    const source = sourceOf(records);
    const gen = source.records;
    source.records = async function* (signal) {
      let n = 0;
      for await (const r of gen(signal)) {
        yield r;
        if (++n === 2) controller.abort();
      }
    };
    const s = await importDataset(db, home, source, { name: 'cancelled', imageSize: 16, signal: controller.signal });
    expect(s.status).toBe('cancelled');
    expect(s.items).toBe(2);
    expect(db.prepare(`SELECT status FROM imports WHERE id = ?`).pluck().get(s.import)).toBe('cancelled');
  });
});
