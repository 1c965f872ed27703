import { parse } from 'csv-parse/sync';
import type { TextLine } from './utf8-text.js';
import { engineNote } from '../../../shared/engine-notes.js';

/**
 * Turns lines of CSV/TSV into records with RFC 4180 quoting (quoted fields may span lines), and keeps
 * going after a malformed row. csv-parse alone cannot do the latter: after a stray quote it reads on
 * to the next quote, swallowing good rows (or the rest of the file). So rows are assembled here line
 * by line and only the quoted ones are handed to csv-parse; when a quote never closes properly, the
 * line that opened it is reported and parsing resumes with the line after it.
 */

export interface CsvDialect {
  delimiter: ',' | '\t';
  /**
   * Accept quotes inside unquoted fields (`a "b" c`). TSV files usually have no quoting at all and
   * captions with quotation marks in them, so for TSV only a field that starts with a quote is quoted.
   */
  relaxQuotes: boolean;
}

export type CsvRow =
  { kind: 'row'; lineNo: number; fields: string[] } | { kind: 'bad'; lineNo: number; reason: string };

type Parsed = { kind: 'fields'; fields: string[] } | { kind: 'open' } | { kind: 'error'; reason: string };

/** A quoted field longer than this (in lines or characters) is taken to be a quote that never closes. */
const MAX_RECORD_LINES = 32;
const MAX_RECORD_CHARS = 1 << 20;

/** Parses one CSV record that may span several lines; `open` means a quoted field has not closed yet. */
export function parseRecord(text: string, dialect: CsvDialect): Parsed {
  if (!text.includes('"')) return { kind: 'fields', fields: text.split(dialect.delimiter) };
  let records: string[][];
  try {
    records = parse(text, { delimiter: dialect.delimiter, relax_quotes: dialect.relaxQuotes }) as string[][];
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'CSV_QUOTE_NOT_CLOSED') return { kind: 'open' };
    if (code === 'CSV_INVALID_CLOSING_QUOTE') {
      return { kind: 'error', reason: engineNote('csv.quoteNotDoubled') };
    }
    if (code === 'INVALID_OPENING_QUOTE' || code === 'CSV_INVALID_OPENING_QUOTE') {
      return { kind: 'error', reason: engineNote('csv.quoteInUnquoted') };
    }
    return { kind: 'error', reason: engineNote('csv.malformedRowDetail', { detail: (err as Error).message }) };
  }
  if (records.length !== 1) return { kind: 'error', reason: engineNote('csv.malformedRow') };
  return { kind: 'fields', fields: records[0] };
}

export class CsvRecordAssembler {
  /** Lines of a record whose quoted field is still open. */
  private pending: { lineNo: number; text: string }[] = [];
  private pendingChars = 0;

  constructor(
    private readonly dialect: CsvDialect,
    /** Every record must have this many fields (the header's count). */
    private readonly columns: number,
  ) {}

  /** Feeds the next line; returns the records it completes (often one, none while a quote is open). */
  push(line: TextLine): CsvRow[] {
    const out: CsvRow[] = [];
    if (line.text === undefined) {
      // An unreadable line cannot continue an open record; resolve what is pending without it.
      this.flushPending(out);
      out.push({ kind: 'bad', lineNo: line.lineNo, reason: line.problem });
    } else {
      this.feed({ lineNo: line.lineNo, text: line.text }, out);
    }
    return out;
  }

  /** Call at end of input: a quote still open there never closed. */
  end(): CsvRow[] {
    const out: CsvRow[] = [];
    this.flushPending(out);
    return out;
  }

  private feed(line: { lineNo: number; text: string }, out: CsvRow[]): void {
    if (this.pending.length === 0 && line.text.trim() === '') return; // blank line between records
    this.pending.push(line);
    this.pendingChars += line.text.length;
    const parsed = parseRecord(this.pending.map((l) => l.text).join('\n'), this.dialect);
    if (parsed.kind === 'open' && this.pending.length < MAX_RECORD_LINES && this.pendingChars < MAX_RECORD_CHARS) {
      return;
    }
    if (parsed.kind === 'fields') {
      const lineNo = this.pending[0].lineNo;
      this.clearPending();
      out.push(
        parsed.fields.length === this.columns
          ? { kind: 'row', lineNo, fields: parsed.fields }
          : {
              kind: 'bad',
              lineNo,
              reason: engineNote('csv.columnCount', { expected: this.columns, found: parsed.fields.length }),
            },
      );
      return;
    }
    if (this.pending.length === 1) {
      this.clearPending();
      out.push({ kind: 'bad', lineNo: line.lineNo, reason: parsed.kind === 'error' ? parsed.reason : UNCLOSED });
      return;
    }
    this.giveUpFirstLine(out);
  }

  /**
   * The quote opened on the first pending line did not close into a valid record: report that line and
   * re-read the lines after it as fresh records, so one stray quote costs one row.
   */
  private giveUpFirstLine(out: CsvRow[]): void {
    const [first, ...rest] = this.pending;
    this.clearPending();
    out.push({ kind: 'bad', lineNo: first.lineNo, reason: UNCLOSED });
    for (const line of rest) this.feed(line, out);
  }

  private flushPending(out: CsvRow[]): void {
    while (this.pending.length > 0) this.giveUpFirstLine(out);
  }

  private clearPending(): void {
    this.pending = [];
    this.pendingChars = 0;
  }
}

const UNCLOSED = engineNote('csv.quoteNeverClosed');
