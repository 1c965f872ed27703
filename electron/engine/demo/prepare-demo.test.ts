import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cancelImport } from '../datasets/running-imports.js';
import { openDatabase } from '../store/database.js';
import { DEMO_CAPTIONS, DEMO_CATEGORIES, prepareDemo } from './prepare-demo.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-demo-cancel-'));
const db = openDatabase(home);
afterAll(() => {
  db.close();
  rmSync(home, { recursive: true, force: true });
});

describe('demo data', () => {
  it('stops at a cancelled import: keeps what it imported, imports nothing after it', async () => {
    let cancelled = false;
    const done = prepareDemo(db, home, 'paper', (p) => {
      if (!cancelled && p.dataset === DEMO_CAPTIONS) cancelled = cancelImport(db, DEMO_CAPTIONS);
    });
    await expect(done).rejects.toMatchObject({
      code: 'cancelled',
      message: expect.stringMatching(/^demo import cancelled: \d+ items kept in "demo-emoji"/),
    });
    const count = (name: string) =>
      db
        .prepare('SELECT count(*) FROM items JOIN datasets d ON d.id = items.dataset_id WHERE d.name = ?')
        .pluck()
        .get(name) as number;
    expect(count(DEMO_CAPTIONS)).toBeGreaterThan(0);
    expect(count(DEMO_CAPTIONS)).toBeLessThan(1906);
    expect(count(DEMO_CATEGORIES)).toBe(0);
  });
});
