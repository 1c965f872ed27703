import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, ftruncateSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../api/engine.js';
import { MAX_PIXELS_LIMIT } from '../../shared/channels.js';
import { importDataset, MAX_CAPTION_CHARS, MAX_IMAGE_FILE_BYTES } from './import-dataset.js';
import { expandBraces, MAX_SHARD_NAMES } from './sources/shard-list.js';
import type { DatasetSource, SourceRecord } from './sources/types.js';
import { openWebDatasetSource } from './sources/webdataset-source.js';
import { collect } from '../../../test/fixtures/fixture-paths.js';

/** Every importer input has a bound: each one over it is a skip with its reason, never unbounded memory. */
const dir = mkdtempSync(path.join(os.tmpdir(), 'catlip-bounds-'));
const file = (name: string) => path.join(dir, name);
let engine: Engine;

function sourceOf(records: SourceRecord[]): DatasetSource {
  return {
    format: 'jsonl',
    root: dir,
    labelled: false,
    async *records() {
      yield* records;
    },
  };
}
const item = (name: string, caption: string): SourceRecord => ({
  kind: 'item',
  source: name,
  image: { path: file(name) },
  caption,
});

beforeAll(async () => {
  engine = new Engine(path.join(dir, 'home'));
  await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 9, g: 9, b: 9 } } })
    .png()
    .toFile(file('ok.png'));
  // sparse: the size says 1 byte over the cap without the disk holding it
  const fd = openSync(file('huge.png'), 'w');
  ftruncateSync(fd, MAX_IMAGE_FILE_BYTES + 1);
  closeSync(fd);
  execFileSync('mkfifo', [file('fifo.png')]);
});
afterAll(() => {
  engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('importer bounds', () => {
  it('skips an image file over the size cap before reading it, a FIFO without blocking, and an over-long caption', async () => {
    const s = await importDataset(
      engine.db,
      engine.home,
      sourceOf([
        item('ok.png', 'fine'),
        item('huge.png', 'big'),
        item('fifo.png', 'pipe'),
        item('ok.png', 'x'.repeat(MAX_CAPTION_CHARS + 1)),
      ]),
      { name: 'bounds', imageSize: 16 },
    );
    expect(s.items).toBe(1);
    expect(s.skipped).toEqual([
      {
        source: 'huge.png',
        reason: `image file is ${MAX_IMAGE_FILE_BYTES + 1} bytes, above the ${MAX_IMAGE_FILE_BYTES}-byte limit`,
      },
      { source: 'fifo.png', reason: 'image path is not a regular file' },
      {
        source: 'ok.png',
        reason: `caption is ${MAX_CAPTION_CHARS + 1} characters, above the ${MAX_CAPTION_CHARS}-character limit`,
      },
    ]);
  });

  it('refuses a maxPixels that would switch the decompression-bomb guard off', async () => {
    await expect(
      engine.invoke('datasets:import', { path: dir, name: 'bomb', maxPixels: MAX_PIXELS_LIMIT + 1 }),
    ).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringMatching(/maxPixels/) });
  });

  it('stops a brace pattern that names too many shards before building the list', () => {
    expect(() => expandBraces('s-{0..999999999}.tar')).toThrow(`names more than ${MAX_SHARD_NAMES} shards`);
    expect(() => expandBraces('s-{0..9999}-{0..9999}.tar')).toThrow(/names more than/);
    expect(expandBraces('s-{0..2}.tar', 3)).toEqual(['s-0.tar', 's-1.tar', 's-2.tar']);
    expect(() => expandBraces('s-{0..3}.tar', 3)).toThrow(/more than 3 shards/);
  });

  it('skips a WebDataset sample whose members together pass the per-sample byte cap, and keeps the next one', async () => {
    const pack = tar.pack();
    const chunks: Buffer[] = [];
    pack.on('data', (c) => chunks.push(c as Buffer));
    const ended = new Promise<void>((r) => pack.on('end', () => r()));
    for (const ext of ['jpg', 'a.bin', 'b.bin']) pack.entry({ name: `000000.${ext}` }, Buffer.alloc(40_000));
    pack.entry({ name: '000000.txt' }, 'too big');
    pack.entry({ name: '000001.jpg' }, Buffer.alloc(100));
    pack.entry({ name: '000001.txt' }, 'small');
    pack.finalize();
    await ended;
    writeFileSync(file('shard.tar'), Buffer.concat(chunks));
    const records = await collect((await openWebDatasetSource(file('shard.tar'), 64_000)).records());
    expect(records.map((r) => (r.kind === 'skip' ? `skip ${r.source}: ${r.reason}` : `item ${r.source}`))).toEqual([
      'skip shard.tar:000000: sample larger than the 64000-byte limit (120007 bytes under this key)',
      'item shard.tar:000001',
    ]);
  });
});
