import type { Db } from './database.js';

/** The `settings` table: one JSON value per key (each owner validates its own value). */

export function getSettingJson(db: Db, key: string): string | undefined {
  return db.prepare('SELECT value_json FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
}

export function putSettingJson(db: Db, key: string, json: string): void {
  db.prepare(
    'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json',
  ).run(key, json);
}
