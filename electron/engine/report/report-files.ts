import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { noteError } from '../../shared/errors.js';
import type { ReportFormat, ReportLang } from '../../shared/report.js';
import type { Db } from '../store/database.js';
import { getReportRow, insertReportRow, type ReportFileRow } from './report-repository.js';

/** Exported report files and their rows in the `reports` table (serve mode streams them by id). */

export const MEDIA_TYPES: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

export type { ReportFileRow };

export interface ReportFile {
  report: number;
  runs: number[];
  format: ReportFormat;
  lang: ReportLang;
  path: string;
  file_name: string;
  media_type: string;
  created_at: string;
}

/** "catlip-report-runs-3-4-ja-20260102-103000.pdf": runs, language and time, so exports never collide by accident. */
export function defaultReportFileName(runs: number[], lang: ReportLang, format: ReportFormat, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `catlip-report-runs-${runs.join('-')}-${lang}-${stamp}.${format}`;
}

/**
 * Writes `content` to `file` atomically — a temporary file in the same folder, renamed over the target —
 * so that a reader never sees half a report, and records it in one transaction with the rename: a failed
 * rename leaves no row, a failed insert leaves no file. Returns the new row's id.
 */
export function saveReportFile(
  db: Db,
  file: string,
  content: Buffer,
  meta: { runs: number[]; format: ReportFormat; lang: ReportLang },
): number {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(temp, content);
  try {
    return db.transaction(() => {
      const id = insertReportRow(db, meta, file);
      renameSync(temp, file);
      return id;
    })();
  } finally {
    if (existsSync(temp)) rmSync(temp, { force: true });
  }
}

/** A recorded report by id, with what a download needs; refuses ids without a row or whose file is gone. */
export function getReportFile(db: Db, id: number): ReportFile {
  const row = getReportRow(db, id);
  if (!row) throw noteError('not-found', 'report.notFound', { id });
  if (!existsSync(row.path) || !statSync(row.path).isFile())
    throw noteError('not-found', 'report.fileGone', { id, path: row.path });
  return {
    report: row.id,
    runs: row.run_ids.split(',').map(Number),
    format: row.format,
    lang: row.lang,
    path: row.path,
    file_name: path.basename(row.path),
    media_type: MEDIA_TYPES[row.format],
    created_at: row.created_at,
  };
}
