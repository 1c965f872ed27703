import type { ReportFormat, ReportLang } from '../../shared/report.js';
import { now, type Db } from '../store/database.js';

/** Every SQL statement on the `reports` table: one row per exported report file. */

export interface ReportFileRow {
  id: number;
  run_ids: string;
  format: ReportFormat;
  lang: ReportLang;
  path: string;
  created_at: string;
}

export function insertReportRow(
  db: Db,
  meta: { runs: number[]; format: ReportFormat; lang: ReportLang },
  file: string,
): number {
  return Number(
    db
      .prepare('INSERT INTO reports (run_ids, format, lang, path, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(meta.runs.join(','), meta.format, meta.lang, file, now()).lastInsertRowid,
  );
}

export function getReportRow(db: Db, id: number): ReportFileRow | undefined {
  return db.prepare('SELECT * FROM reports WHERE id = ?').get(id) as ReportFileRow | undefined;
}
