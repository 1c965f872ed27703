import { describe, expect, it } from 'vitest';
import { CsvRecordAssembler, type CsvRow } from './csv-records.js';
import type { TextLine } from './utf8-text.js';

const csv = { delimiter: ',', relaxQuotes: false } as const;

function assemble(lines: (string | undefined)[], columns = 2): CsvRow[] {
  const assembler = new CsvRecordAssembler(csv, columns);
  const rows = lines.flatMap((text, i): CsvRow[] => {
    const line: TextLine = text === undefined ? { lineNo: i + 1, problem: 'not valid UTF-8' } : { lineNo: i + 1, text };
    return assembler.push(line);
  });
  return [...rows, ...assembler.end()];
}

describe('CsvRecordAssembler', () => {
  it('joins a quoted field over several lines, including blank ones', () => {
    expect(assemble(['a,"one', '', 'three"', 'b,c'])).toEqual([
      { kind: 'row', lineNo: 1, fields: ['a', 'one\n\nthree'] },
      { kind: 'row', lineNo: 4, fields: ['b', 'c'] },
    ]);
  });

  it('reports the line that opened a never-closed quote and re-reads the lines it swallowed', () => {
    expect(assemble(['a,"never closed', 'b,plain', 'c,"quoted"', 'd,"also quoted"'])).toEqual([
      { kind: 'bad', lineNo: 1, reason: 'malformed quoting: a quoted field is never closed' },
      { kind: 'row', lineNo: 2, fields: ['b', 'plain'] },
      { kind: 'row', lineNo: 3, fields: ['c', 'quoted'] },
      { kind: 'row', lineNo: 4, fields: ['d', 'also quoted'] },
    ]);
  });

  it('gives up on an open quote after a bounded number of lines', () => {
    const lines = ['a,"open', ...Array.from({ length: 40 }, (_, i) => `r${i},plain`)];
    const rows = assemble(lines);
    expect(rows[0]).toEqual({ kind: 'bad', lineNo: 1, reason: 'malformed quoting: a quoted field is never closed' });
    expect(rows.slice(1)).toEqual(
      Array.from({ length: 40 }, (_, i) => ({ kind: 'row', lineNo: i + 2, fields: [`r${i}`, 'plain'] })),
    );
  });

  it('does not let an unreadable line continue an open record', () => {
    expect(assemble(['a,"open', undefined, 'b,c'])).toEqual([
      { kind: 'bad', lineNo: 1, reason: 'malformed quoting: a quoted field is never closed' },
      { kind: 'bad', lineNo: 2, reason: 'not valid UTF-8' },
      { kind: 'row', lineNo: 3, fields: ['b', 'c'] },
    ]);
  });

  it('checks the column count, also for unquoted lines', () => {
    expect(assemble(['a,b,c', 'a', '"a","b"'])).toEqual([
      { kind: 'bad', lineNo: 1, reason: 'expected 2 columns, found 3' },
      { kind: 'bad', lineNo: 2, reason: 'expected 2 columns, found 1' },
      { kind: 'row', lineNo: 3, fields: ['a', 'b'] },
    ]);
  });

  it('rejects a quote inside an unquoted CSV field, but TSV accepts it', () => {
    expect(assemble(['a,b "c" d'])).toEqual([
      { kind: 'bad', lineNo: 1, reason: 'malformed quoting: a quote inside an unquoted field' },
    ]);
    const tsv = new CsvRecordAssembler({ delimiter: '\t', relaxQuotes: true }, 2);
    expect(tsv.push({ lineNo: 1, text: 'a\tb "c" d' })).toEqual([{ kind: 'row', lineNo: 1, fields: ['a', 'b "c" d'] }]);
  });
});
