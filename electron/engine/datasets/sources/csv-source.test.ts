import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collect, describeRecords, fixture, skipNotes } from '../../../../test/fixtures/fixture-paths.js';
import { openCsvSource } from './csv-source.js';
import { IMAGE_ROOT_HINT } from './safe-path.js';

const captionsDir = fixture('captions');

describe('CSV/TSV source', () => {
  const tmp = mkdtemp(path.join(os.tmpdir(), 'csv-source-'));
  afterAll(async () => rm(await tmp, { recursive: true, force: true }));

  it('skips malformed rows by line number and still imports the rows after them, in order', async () => {
    const source = await openCsvSource(path.join(captionsDir, 'captions.csv'));
    expect(source).toMatchObject({ format: 'csv', labelled: false });
    const records = await collect(source.records());
    expect(describeRecords(records)).toEqual([
      'item captions.csv:2 a red square',
      'item captions.csv:3 a green square, with a comma',
      'skip captions.csv:4: malformed quoting: a quote inside a quoted field must be doubled ("")',
      'item captions.csv:5 right after the broken row',
      'item captions.csv:6 a caption\nover two lines',
      'skip captions.csv:8: expected 2 columns, found 4',
      'skip captions.csv:9: malformed quoting: a quoted field is never closed',
      'item captions.csv:10 recovered after the unclosed quote',
      'item captions.csv:11 she said "blue"',
      'skip captions.csv:12: not valid UTF-8',
      'skip captions.csv:13: path escapes the dataset folder: ../outside.jpg (' + IMAGE_ROOT_HINT + ')',
      'skip captions.csv:14: file not found: images/missing.jpg',
      'skip captions.csv:15: empty caption',
      'skip captions.csv:16: empty image field',
      'skip captions.csv:17: malformed quoting: a quoted field is never closed',
    ]);
    // every reason is a catalogued note (shown in Japanese in the UI), its line in the source, its values kept
    expect(skipNotes(records)).toEqual([
      { source: 'captions.csv:4', id: 'csv.quoteNotDoubled', params: {} },
      { source: 'captions.csv:8', id: 'csv.columnCount', params: { expected: '2', found: '4' } },
      { source: 'captions.csv:9', id: 'csv.quoteNeverClosed', params: {} },
      { source: 'captions.csv:12', id: 'line.notUtf8', params: {} },
      {
        source: 'captions.csv:13',
        id: 'path.escapesHint',
        params: { folder: 'the dataset folder', path: '../outside.jpg' },
      },
      { source: 'captions.csv:14', id: 'path.fileNotFound', params: { path: 'images/missing.jpg' } },
      { source: 'captions.csv:15', id: 'skip.emptyCaption', params: {} },
      { source: 'captions.csv:16', id: 'skip.emptyImageField', params: {} },
      { source: 'captions.csv:17', id: 'csv.quoteNeverClosed', params: {} },
    ]);
    const first = records[0];
    expect(first.kind === 'item' && first.image).toEqual({ path: path.join(captionsDir, 'images', 'red.jpg') });
  });

  it('reads TSV (CRLF, header aliases, literal quotes inside fields, a quoted tab)', async () => {
    const records = await collect((await openCsvSource(path.join(captionsDir, 'captions.tsv'))).records());
    expect(describeRecords(records)).toEqual([
      'item captions.tsv:2 a "red" square',
      'item captions.tsv:3 a quoted\ttab',
      'skip captions.tsv:4: expected 2 columns, found 3',
      'item captions.tsv:5 a blue square',
    ]);
  });

  it('sniffs a tab-separated header in a .csv file and matches header names case-insensitively', async () => {
    const dir = await tmp;
    await writeFile(path.join(dir, 'x.jpg'), 'bytes');
    const file = path.join(dir, 'tabs.csv');
    await writeFile(file, 'id\tFilePath\tTitle\n1\tx.jpg\ta title, with a comma\n');
    const records = await collect((await openCsvSource(file)).records());
    expect(records).toEqual([
      {
        kind: 'item',
        source: 'tabs.csv:2',
        image: { path: path.join(dir, 'x.jpg') },
        caption: 'a title, with a comma',
      },
    ]);
  });

  it('throws when the header names no image or no caption column', async () => {
    const dir = await tmp;
    const noImage = path.join(dir, 'no-image.csv');
    await writeFile(noImage, 'name,caption\nx.jpg,hello\n');
    await expect(openCsvSource(noImage)).rejects.toThrow(
      /no-image\.csv: the header row has no image column \(expected one of: image, file, path, filepath, url\); found columns: name, caption/,
    );
    const noCaption = path.join(dir, 'no-caption.csv');
    await writeFile(noCaption, 'image,label\nx.jpg,cat\n');
    await expect(openCsvSource(noCaption)).rejects.toThrow(/no-caption\.csv: the header row has no caption column/);
    const empty = path.join(dir, 'empty.csv');
    await writeFile(empty, '\n\n');
    await expect(openCsvSource(empty)).rejects.toThrow(/empty\.csv is empty/);
  });
});
