import type { ChartLayout } from './charts/chart-layout.js';
import type { ReportLang } from '../../shared/report.js';

/**
 * The report as a language-specific document: headings, paragraphs, lists, tables, charts and a glossary,
 * every string final (formatted, translated). The HTML and PDF exporters only lay this out, so both show
 * the same content; nothing here knows about pages or markup.
 */

export interface TableColumn {
  label: string;
  align: 'left' | 'right';
  /** Relative width; default 1. */
  weight?: number;
}

/** Names of the blocks the slide deck picks out of the report (the same tables and lists, not copies). */
export type BlockId = 'time' | 'accuracy' | 'tco' | 'tco-missing' | 'warnings' | 'licences' | 'licence-warnings';

export type Block =
  | { type: 'heading'; level: 2 | 3; text: string }
  | { type: 'paragraph'; text: string; note?: boolean }
  | { type: 'list'; items: string[]; id?: BlockId }
  | { type: 'table'; columns: TableColumn[]; rows: string[][]; id?: BlockId }
  | { type: 'chart'; chart: ChartLayout }
  | { type: 'definitions'; items: { term: string; text: string }[] }
  /** The three-line conclusion that opens the report, set apart from the details. */
  | { type: 'conclusion'; heading: string; lines: string[] };

export interface ReportDocument {
  lang: ReportLang;
  title: string;
  /** Runs covered and the generation date, under the title. */
  subtitle: string;
  summary: string[];
  /** The three-line conclusion: measured speed-up, accuracy difference, projected saving (or what is missing). */
  conclusion: string[];
  blocks: Block[];
  /** The charts in the order the blocks show them. */
  charts: ChartLayout[];
  /** Footer line of each PDF page, before the page number. */
  footer: string;
  generatedAt: Date;
}
