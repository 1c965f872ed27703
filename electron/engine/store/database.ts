import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from './migrations/index.js';
import { noteError } from '../../shared/errors.js';

export type Db = Database.Database;

export const DB_FILE = 'catlip-pilot.sqlite';

/**
 * Opens (creating if needed) the pilot's database in `home`: WAL mode so the trainer process can write
 * metrics while the app reads, foreign keys on, and every pending migration applied in one transaction each.
 */
export function openDatabase(home: string): Db {
  mkdirSync(home, { recursive: true });
  const db = new Database(path.join(home, DB_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = MIGRATIONS[MIGRATIONS.length - 1].version;
  if (current > latest) {
    throw noteError('unsupported', 'store.newerSchema', { current, latest });
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}

/** ISO timestamp used in every `*_at` column. */
export function now(): string {
  return new Date().toISOString();
}
