/**
 * RFC 4180 CSV (CRLF line ends, quotes doubled), shared by the engine's report export and the renderer's
 * CSV downloads: a text cell that a spreadsheet would run as a formula gets a leading ' (CSV injection).
 */
export type CsvCell = string | number | null | undefined;

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** The byte-order mark that makes Excel read a CSV as UTF-8 (Japanese text would be garbled without it). */
export const UTF8_BOM = '\uFEFF';

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
