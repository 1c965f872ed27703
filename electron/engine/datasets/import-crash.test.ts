import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../api/engine.js';
import { DB_FILE } from '../store/database.js';
import { requireDataset } from './dataset-repository.js';
import { ImageCacheReader } from './image-cache.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'catlip-import-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const IMAGES = 60;
const LINES = 12_000;

/** Every image's cache record by content hash: what a complete import of the source holds. */
function cacheBySha(engine: Engine, name: string): Map<string, string> {
  const dataset = requireDataset(engine.db, name);
  const cache = new ImageCacheReader(path.join(engine.home, dataset.cache_file));
  const rows = engine.db.prepare('SELECT sha256, cache_index FROM images WHERE dataset_id = ?').all(dataset.id) as {
    sha256: string;
    cache_index: number;
  }[];
  const out = new Map(rows.map((r) => [r.sha256, Buffer.from(cache.read(r.cache_index)).toString('base64')]));
  cache.close();
  return out;
}

describe('an import killed with SIGKILL', () => {
  it('is marked interrupted at the next start, and importing again completes it with nothing lost', async () => {
    const source = path.join(dir, 'source');
    mkdirSync(path.join(source, 'images'), { recursive: true });
    for (let i = 0; i < IMAGES; i++) {
      await sharp({
        create: { width: 24, height: 24, channels: 3, background: { r: i * 4, g: 255 - i * 4, b: (i * 37) % 256 } },
      })
        .png()
        .toFile(path.join(source, 'images', `${i}.png`));
    }
    const manifest = path.join(source, 'captions.jsonl');
    writeFileSync(
      manifest,
      Array.from({ length: LINES }, (_, i) =>
        JSON.stringify({ image: `images/${i % IMAGES}.png`, caption: `caption number ${i}` }),
      ).join('\n'),
    );

    const home = path.join(dir, 'home');
    mkdirSync(home);
    new Engine(home).close(); // the schema exists before the parent starts watching
    const child = spawn(
      path.join(repo, 'node_modules/.bin/vite-node'),
      [
        path.join(repo, 'electron/engine/cli/cli-entry.fixture.ts'),
        '--',
        'import',
        manifest,
        '--name',
        'crash',
        '--image-size',
        '16',
        '--home',
        home,
      ],
      { stdio: 'ignore' },
    );
    const watch = new Database(path.join(home, DB_FILE), { readonly: true, fileMustExist: true });
    try {
      // kill as soon as the first batch is committed: the import is then half done
      for (;;) {
        const items = watch.prepare('SELECT count(*) FROM items').pluck().get() as number;
        if (items > 0) break;
        if (child.exitCode !== null) throw new Error(`import exited (${child.exitCode}) before its first commit`);
        await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      child.kill('SIGKILL');
      watch.close();
      await new Promise((r) =>
        child.exitCode !== null || child.signalCode !== null ? r(undefined) : child.on('exit', r),
      );
    }

    const engine = new Engine(home);
    expect(engine.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const interrupted = engine.db.prepare(`SELECT status, error FROM imports`).all() as {
      status: string;
      error: string;
    }[];
    expect(interrupted).toEqual([
      { status: 'interrupted', error: expect.stringMatching(/import the same source again to resume/) },
    ]);
    const before = engine.db.prepare('SELECT count(*) FROM items').pluck().get() as number;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(LINES);

    const resumed = await engine.invoke('datasets:import', { path: manifest, name: 'crash', imageSize: 16 });
    expect(resumed.status).toBe('completed');
    expect(resumed.totals).toEqual({ items: LINES, images: IMAGES, classes: 0 });
    expect(resumed.items).toBe(LINES - before);

    const reference = new Engine(path.join(dir, 'reference'));
    await reference.invoke('datasets:import', { path: manifest, name: 'crash', imageSize: 16 });
    expect(cacheBySha(engine, 'crash')).toEqual(cacheBySha(reference, 'crash'));
    reference.close();
    engine.close();
  }, 120_000);
});
