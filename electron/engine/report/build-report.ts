import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describeZodError, EngineError } from '../../shared/errors.js';
import {
  ReportExportRequestSchema,
  type Report,
  type ReportExport,
  type ReportExportRequest,
  type ReportRequest,
} from '../../shared/report.js';
import type { Db } from '../store/database.js';
import { buildDocument } from './build-document.js';
import { chartSvg } from './charts/svg-painter.js';
import { reportCsv } from './csv-export.js';
import { renderHtml } from './html-export.js';
import { renderPdf } from './pdf-export.js';
import { renderPptx } from './pptx-export.js';
import { loadReportData } from './report-data.js';
import { defaultReportFileName, MEDIA_TYPES, saveReportFile } from './report-files.js';

/**
 * The management report's two channels. `report:build` returns the report for preview: its summary, the
 * whole HTML document and each chart as SVG (the UI rasterises those to PNG). `report:export` writes it as
 * PDF, HTML, CSV or a PPTX slide deck and records the file in the reports table.
 */

export interface ReportOptions {
  /** The report's date (tests fix it); default: now. */
  now?: Date;
}

export function buildReport(db: Db, request: ReportRequest, options: ReportOptions = {}): Report {
  const data = loadReportData(db, request, options.now);
  const doc = buildDocument(data);
  return {
    title: doc.title,
    lang: doc.lang,
    runs: data.runs.map((r) => r.id),
    conclusion: doc.conclusion,
    summary: doc.summary,
    html: renderHtml(doc),
    charts: doc.charts.map((c) => ({
      id: c.id,
      title: c.title,
      svg: chartSvg(c, { standalone: true }),
      width: c.width,
      height: c.height,
    })),
    generated_at: data.generatedAt.toISOString(),
  };
}

/** Writes the report to `out` (a file, or an existing folder) or to `<home>/reports/`; returns the recorded file. */
export async function exportReport(
  db: Db,
  home: string,
  input: ReportExportRequest,
  options: ReportOptions = {},
): Promise<ReportExport> {
  const parsed = ReportExportRequestSchema.safeParse(input);
  if (!parsed.success) throw new EngineError('invalid-request', `report: ${describeZodError(parsed.error)}`);
  const request = parsed.data;
  const data = loadReportData(db, request, options.now);
  const runs = data.runs.map((r) => r.id);
  const content =
    request.format === 'csv'
      ? Buffer.from(reportCsv(data), 'utf8')
      : request.format === 'html'
        ? Buffer.from(renderHtml(buildDocument(data)), 'utf8')
        : request.format === 'pptx'
          ? await renderPptx(buildDocument(data))
          : await renderPdf(buildDocument(data));

  const name = defaultReportFileName(runs, data.lang, request.format, data.generatedAt);
  let file: string;
  if (request.out === undefined) file = path.join(home, 'reports', name);
  else {
    const out = path.resolve(request.out);
    file = existsSync(out) && statSync(out).isDirectory() ? path.join(out, name) : out;
  }
  const report = saveReportFile(db, file, content, { runs, format: request.format, lang: data.lang });
  return {
    report,
    path: file,
    file_name: path.basename(file),
    format: request.format,
    lang: data.lang,
    media_type: MEDIA_TYPES[request.format],
    bytes: content.length,
  };
}
