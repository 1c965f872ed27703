import { z } from 'zod';

/**
 * The management-report contract: which runs a report covers, in which language, and what building and
 * exporting it returns. The engine (electron/engine/report) builds the report once as a language-specific
 * document; the renderer previews its HTML, the exporters write PDF / HTML / CSV / PPTX files from the same content.
 */
export const ReportLangSchema = z.enum(['ja', 'en']);
export const ReportFormatSchema = z.enum(['pdf', 'html', 'csv', 'pptx']);

export const ReportRequestSchema = z.object({
  /** The CatLIP run first, then its CLIP baseline; an optional third run is a SuperClass baseline. */
  runs: z.array(z.number().int().positive()).min(2).max(3),
  lang: ReportLangSchema.default('en'),
  /** Report runs that trained on different backends or devices (refused otherwise); the summary then says so first. */
  allowMismatch: z.boolean().default(false),
  /** The same pilot's runs with further seeds, one list per seed in the order of `runs`: intervals over seeds. */
  repeats: z.array(z.array(z.number().int().positive()).min(2).max(3)).max(100).default([]),
});

export const ReportChartSchema = z.object({
  /** Stable id, used for PNG file names (e.g. "time-per-step"). */
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string(),
  /** Self-contained SVG document (no external references), the same chart the HTML and PDF contain. */
  svg: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

export const ReportSchema = z.object({
  title: z.string(),
  lang: ReportLangSchema,
  runs: z.array(z.number().int()),
  /** The three-line conclusion that opens every format: measured speed-up, accuracy difference, projected saving. */
  conclusion: z.array(z.string()),
  /** The executive summary's sentences, plain words, in `lang`. */
  summary: z.array(z.string()),
  /** The whole report as one self-contained HTML document (inline CSS and SVG, no scripts). */
  html: z.string(),
  charts: z.array(ReportChartSchema),
  generated_at: z.string(),
});

export const ReportExportRequestSchema = ReportRequestSchema.extend({
  format: ReportFormatSchema,
  /** Where to write the file; default: the home directory's reports/ folder with a generated name. */
  out: z.string().min(1).optional(),
});

export const ReportExportSchema = z.object({
  /** Row id in the reports table; serve mode downloads it at /api/reports/ID/file. */
  report: z.number().int(),
  path: z.string(),
  file_name: z.string(),
  format: ReportFormatSchema,
  lang: ReportLangSchema,
  media_type: z.string(),
  bytes: z.number().int(),
});

export type ReportLang = z.output<typeof ReportLangSchema>;
export type ReportFormat = z.output<typeof ReportFormatSchema>;
export type ReportRequest = z.input<typeof ReportRequestSchema>;
export type Report = z.output<typeof ReportSchema>;
export type ReportChart = z.output<typeof ReportChartSchema>;
export type ReportExportRequest = z.input<typeof ReportExportRequestSchema>;
export type ReportExport = z.output<typeof ReportExportSchema>;
