import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { openDatabase, type Db } from './database.js';

/**
 * Test support for engine code that reads and writes the store (report, cost, …): a temporary home folder
 * with a migrated database, fresh for every test ('each', the default) or shared by the file's tests ('all'),
 * closed and removed afterwards. Call it at the top level of a test file; hooks the file registers after it
 * run after the database is open, so they can seed it.
 */
export interface TempHomeDatabase {
  readonly home: string;
  readonly db: Db;
  /** Closes the database and opens the same home again, as a restarted app does. */
  reopen(): Db;
}

export function useTempHomeDatabase(prefix: string, scope: 'each' | 'all' = 'each'): TempHomeDatabase {
  let home: string | undefined;
  let db: Db | undefined;
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the temporary ${what} exists inside tests only`);
    return value;
  };
  const [before, after] = scope === 'each' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(() => {
    home = mkdtempSync(path.join(os.tmpdir(), prefix));
    db = openDatabase(home);
  });
  after(() => {
    db?.close();
    if (home) rmSync(home, { recursive: true, force: true });
    db = undefined;
    home = undefined;
  });
  return {
    get home() {
      return ready(home, 'home');
    },
    get db() {
      return ready(db, 'database');
    },
    reopen() {
      ready(db, 'database').close();
      db = openDatabase(ready(home, 'home'));
      return db;
    },
  };
}
