import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../../../test/fixtures/fixture-paths.js';
import { openDatabase, type Db } from '../store/database.js';
import { importDataset } from './import-dataset.js';
import { cancelImport, isImportRunning } from './running-imports.js';
import type { DatasetSource, SourceRecord } from './sources/types.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'catlip-cancel-'));
let db: Db;
beforeAll(() => {
  db = openDatabase(path.join(dir, 'home'));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const COLOURS = ['red.jpg', 'green.png', 'blue.jpg'];
const item = (n: number): SourceRecord => ({
  kind: 'item',
  source: `slow.jsonl:${n + 1}`,
  image: { path: fixture('captions', 'images', COLOURS[n % 3]) },
  caption: `caption number ${n}`,
});

/**
 * A source that yields `before` items, reports that it reached the pause, then waits (up to `pauseMs`, less if
 * the import is aborted, as a slow disk or network read would) and yields `after` more: without a working
 * cancel the import completes with all of them.
 */
function slowSource(before: number, after: number, pauseMs: number) {
  let reachedPause!: () => void;
  const paused = new Promise<void>((resolve) => (reachedPause = resolve));
  const source: DatasetSource = {
    format: 'jsonl',
    root: dir,
    labelled: false,
    async *records(signal) {
      for (let n = 0; n < before; n++) yield item(n);
      reachedPause();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pauseMs);
        signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
      for (let n = before; n < before + after; n++) {
        if (signal?.aborted) return;
        yield item(n);
      }
    },
  };
  return { source, paused };
}

const storedItems = (name: string) =>
  db
    .prepare('SELECT count(*) FROM items i JOIN datasets d ON d.id = i.dataset_id WHERE d.name = ?')
    .pluck()
    .get(name) as number;

describe('running imports', () => {
  it('cancels a running import by dataset name and keeps the items imported so far', async () => {
    const { source, paused } = slowSource(4, 5, 4_000);
    const importing = importDataset(db, path.join(dir, 'home'), source, { name: 'slow', imageSize: 16 });
    await paused;
    expect(isImportRunning(db, 'slow')).toBe(true);
    expect(cancelImport(db, 'other')).toBe(false);
    expect(cancelImport(db, 'slow')).toBe(true);
    const summary = await importing;
    expect(summary.status).toBe('cancelled');
    expect(summary.items).toBe(4);
    expect(storedItems('slow')).toBe(4);
    expect(db.prepare('SELECT status FROM imports WHERE id = ?').pluck().get(summary.import)).toBe('cancelled');
    expect(isImportRunning(db, 'slow')).toBe(false);
    // nothing runs any more
    expect(cancelImport(db, 'slow')).toBe(false);
  });

  it('refuses a second import into a dataset while one runs, and frees the name afterwards', async () => {
    const { source, paused } = slowSource(1, 1, 200);
    const first = importDataset(db, path.join(dir, 'home'), source, { name: 'busy', imageSize: 16 });
    await paused;
    await expect(
      importDataset(db, path.join(dir, 'home'), slowSource(1, 0, 0).source, { name: 'busy', imageSize: 16 }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect((await first).status).toBe('completed');
    const again = await importDataset(db, path.join(dir, 'home'), slowSource(1, 0, 0).source, {
      name: 'busy',
      imageSize: 16,
    });
    expect(again.status).toBe('completed');
  });

  it('answers false when no import runs', () => {
    expect(cancelImport(db, 'never-imported')).toBe(false);
  });
});
