import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../database.js';
import { sql as m0001 } from './0001-init.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'catlip-m0004-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 0004', () => {
  it('keeps every import and its skips, allows the interrupted status, and cascades deletes as before', () => {
    const db = new Database(path.join(dir, 'v1.sqlite'));
    db.pragma('foreign_keys = ON');
    db.exec(m0001);
    db.pragma('user_version = 1');
    db.prepare(
      `INSERT INTO datasets (id, name, kind, format, source_path, image_size, cache_file, created_at, updated_at)
      VALUES (1, 'd', 'captions', 'jsonl', '/x', 16, 'c', 't', 't')`,
    ).run();
    db.prepare(
      `INSERT INTO imports (id, dataset_id, source_path, format, status, skipped, started_at) VALUES (7, 1, '/x', 'jsonl', 'running', 2, 't')`,
    ).run();
    db.prepare(`INSERT INTO import_skips VALUES (7, 1, 'a', 'bad'), (7, 2, 'b', 'worse')`).run();

    migrate(db);
    expect(db.prepare('SELECT import_id, seq, source, reason FROM import_skips ORDER BY seq').all()).toEqual([
      { import_id: 7, seq: 1, source: 'a', reason: 'bad' },
      { import_id: 7, seq: 2, source: 'b', reason: 'worse' },
    ]);
    db.prepare(`UPDATE imports SET status = 'interrupted', pid = 123 WHERE id = 7`).run();
    expect(db.prepare('SELECT status, pid, skipped FROM imports').get()).toEqual({
      status: 'interrupted',
      pid: 123,
      skipped: 2,
    });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.prepare('DELETE FROM datasets WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) FROM import_skips').pluck().get()).toBe(0);
    db.close();
  });
});
