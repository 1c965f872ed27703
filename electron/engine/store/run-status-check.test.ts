import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStatusSchema } from '../../shared/run-status.js';
import { openDatabase } from './database.js';

describe('runs.status', () => {
  it('the runs table accepts exactly the statuses of the schema (the migrations are history, so they are checked, not generated)', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'run-status-'));
    try {
      const db = openDatabase(home);
      const sql = db
        .prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'runs'`)
        .pluck()
        .get() as string;
      db.close();
      const check = /status\s+TEXT NOT NULL CHECK \(status IN \(([^)]*)\)\)/.exec(sql);
      expect(check).not.toBeNull();
      const inTable = check![1].split(',').map((s) => s.trim().replace(/^'|'$/g, ''));
      expect(inTable.sort()).toEqual([...RunStatusSchema.options].sort());
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
