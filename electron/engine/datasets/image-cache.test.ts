import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HEADER_BYTES, ImageCacheReader, ImageCacheWriter } from './image-cache.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'catlip-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (size: number, fill: number) => new Uint8Array(size * size * 3).fill(fill);

describe('image cache', () => {
  it('writes fixed-size records by index and reads them back', () => {
    const file = path.join(dir, 'a.rgb');
    const w = new ImageCacheWriter(file, 4);
    w.write(0, record(4, 7));
    w.write(2, record(4, 9));
    w.write(1, record(4, 8));
    w.close();
    expect(statSync(file).size).toBe(HEADER_BYTES + 3 * 48);
    const r = new ImageCacheReader(file);
    expect([r.size, r.count]).toEqual([4, 3]);
    expect([...r.read(1)].every((b) => b === 8)).toBe(true);
    const batch = new Uint8Array(2 * 48);
    r.readInto(2, batch, 48);
    expect(batch[47]).toBe(0);
    expect(batch[48]).toBe(9);
    expect(() => r.read(3)).toThrow(RangeError);
    r.close();
  });

  it('reopens without truncating and overwrites a record in place', () => {
    const file = path.join(dir, 'b.rgb');
    let w = new ImageCacheWriter(file, 2);
    w.write(0, record(2, 1));
    w.write(1, record(2, 2));
    w.close();
    w = new ImageCacheWriter(file, 2);
    w.write(1, record(2, 5));
    w.close();
    const r = new ImageCacheReader(file);
    expect(r.count).toBe(2);
    expect(r.read(0)[0]).toBe(1);
    expect(r.read(1)[0]).toBe(5);
    r.close();
  });

  it('refuses a record of the wrong size and a cache of another image size', () => {
    const file = path.join(dir, 'c.rgb');
    const w = new ImageCacheWriter(file, 2);
    expect(() => w.write(0, record(3, 0))).toThrow(/expected 12/);
    w.close();
    expect(() => new ImageCacheWriter(file, 3)).toThrow(/2 px images, not 3 px/);
  });
});
