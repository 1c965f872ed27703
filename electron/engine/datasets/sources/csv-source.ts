import path from 'node:path';
import { CAPTION_FIELDS, IMAGE_FIELDS, captionRowRecords, findField } from './caption-rows.js';
import { CsvRecordAssembler, parseRecord, type CsvDialect, type CsvRow } from './csv-records.js';
import { LOOKAHEAD, mapAhead } from './map-ahead.js';
import { ReadProgress } from './read-progress.js';
import { DatasetFolder, statUserPath } from './safe-path.js';
import type { DatasetSource, SourceRecord } from './types.js';
import { readUtf8Lines, type TextLine } from './utf8-text.js';
import { noteError } from '../../../shared/errors.js';

/**
 * CSV or TSV with a header row naming an image column and a caption column (aliases in
 * caption-rows.ts). Image paths are relative to the file's folder, which no path may leave.
 */
export async function openCsvSource(file: string, imageRoots: readonly string[] = []): Promise<DatasetSource> {
  const root = path.resolve(file);
  const size = (await statUserPath(root, 'file')).size;
  const folder = await DatasetFolder.open(path.dirname(root), imageRoots, true);
  const header = await readHeader(root);
  let progress = new ReadProgress(size);
  return {
    format: 'csv',
    root,
    labelled: false,
    records(signal) {
      progress = new ReadProgress(size);
      return csvRecords(root, folder, header, progress, signal);
    },
    fractionRead: () => progress.fraction(),
  };
}

interface CsvHeader {
  lineNo: number;
  dialect: CsvDialect;
  columns: number;
  imageColumn: number;
  captionColumn: number;
}

/** Reads and checks the header; without an image and a caption column nothing can be imported, so this throws. */
async function readHeader(file: string): Promise<CsvHeader> {
  const name = path.basename(file);
  let first: TextLine | undefined;
  for await (const line of readUtf8Lines(file)) {
    if (line.text !== undefined && line.text.trim() === '') continue;
    first = line;
    break;
  }
  if (first === undefined) throw noteError('invalid-data', 'import.csvEmpty', { file: name }, { file, line: 1 });
  if (first.text === undefined)
    throw noteError(
      'invalid-data',
      'import.csvHeaderProblem',
      { file: name, line: first.lineNo, problem: first.problem },
      { file, line: first.lineNo },
    );
  const dialect = sniffDialect(file, first.text);
  const parsed = parseRecord(first.text, dialect);
  if (parsed.kind !== 'fields')
    throw noteError(
      'invalid-data',
      'import.csvHeaderUnparsable',
      { file: name, line: first.lineNo },
      { file, line: first.lineNo },
    );
  const names = parsed.fields;
  const imageName = findField(names, IMAGE_FIELDS);
  const captionName = findField(names, CAPTION_FIELDS);
  if (imageName === undefined || captionName === undefined) {
    const [missing, aliases] = imageName === undefined ? ['image', IMAGE_FIELDS] : ['caption', CAPTION_FIELDS];
    throw noteError(
      'invalid-data',
      'import.csvMissingColumn',
      { file: name, column: missing, aliases: aliases.join(', '), found: names.join(', ') },
      { file, line: first.lineNo, field: missing },
    );
  }
  return {
    lineNo: first.lineNo,
    dialect,
    columns: names.length,
    imageColumn: names.indexOf(imageName),
    captionColumn: names.indexOf(captionName),
  };
}

/** Delimiter from the extension, unless the header plainly uses the other one (a TSV saved as .csv). */
function sniffDialect(file: string, headerLine: string): CsvDialect {
  const ext = path.extname(file).toLowerCase();
  let delimiter: ',' | '\t' = ext === '.tsv' || ext === '.tab' ? '\t' : ',';
  const other = delimiter === ',' ? '\t' : ',';
  if (!headerLine.includes(delimiter) && headerLine.includes(other)) delimiter = other;
  return { delimiter, relaxQuotes: delimiter === '\t' };
}

async function* csvRecords(
  file: string,
  folder: DatasetFolder,
  header: CsvHeader,
  progress: ReadProgress,
  signal?: AbortSignal,
): AsyncGenerator<SourceRecord> {
  const name = path.basename(file);
  const rowRecords = async (row: CsvRow): Promise<SourceRecord[]> => {
    const source = `${name}:${row.lineNo}`;
    if (row.kind === 'bad') return [{ kind: 'skip', source, reason: row.reason }];
    return captionRowRecords(folder, source, row.fields[header.imageColumn], row.fields[header.captionColumn]);
  };
  for await (const records of mapAhead(csvRows(file, header, progress, signal), LOOKAHEAD, rowRecords)) {
    yield* records;
    if (signal?.aborted) return;
  }
}

async function* csvRows(
  file: string,
  header: CsvHeader,
  progress: ReadProgress,
  signal?: AbortSignal,
): AsyncGenerator<CsvRow> {
  const assembler = new CsvRecordAssembler(header.dialect, header.columns);
  for await (const line of readUtf8Lines(file, { signal, progress })) {
    if (line.lineNo > header.lineNo) yield* assembler.push(line);
  }
  if (!signal?.aborted) yield* assembler.end();
}
