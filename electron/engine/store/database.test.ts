import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from './database.js';
import { MIGRATIONS } from './migrations/index.js';

const homes: string[] = [];
function tempHome(): string {
  const h = mkdtempSync(path.join(os.tmpdir(), 'catlip-db-'));
  homes.push(h);
  return h;
}
afterEach(() => homes.splice(0).forEach((h) => rmSync(h, { recursive: true, force: true })));

describe('openDatabase', () => {
  it('uses WAL, enforces foreign keys and applies every migration', () => {
    const db = openDatabase(tempHome());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type='table' ORDER BY name`).pluck().all();
    for (const t of [
      'datasets',
      'images',
      'items',
      'item_labels',
      'vocabularies',
      'vocabulary_synsets',
      'runs',
      'run_metrics',
      'checkpoints',
      'evaluations',
      'reports',
      'imports',
      'import_skips',
      'settings',
    ]) {
      expect(tables).toContain(t);
    }
    expect(() =>
      db
        .prepare(
          `INSERT INTO images (dataset_id, sha256, source, width, height, cache_index)
      VALUES (999, 'x', 's', 1, 1, 0)`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('is idempotent on reopen and refuses a newer schema', () => {
    const home = tempHome();
    openDatabase(home).close();
    const db = openDatabase(home);
    expect(migrate(db)).toBe(MIGRATIONS.at(-1)!.version);
    db.pragma('user_version = 999');
    expect(() => migrate(db)).toThrow(/newer than this app/);
    db.close();
  });
});
