import { readFile, mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { collect, describeRecords, fixture, skipNotes } from '../../../../test/fixtures/fixture-paths.js';
import { parseNote } from '../../../shared/engine-notes.js';
import { expandBraces } from './shard-list.js';
import type { SourceRecord } from './types.js';
import { openWebDatasetSource, sampleKey } from './webdataset-source.js';

const shardsDir = fixture('webdataset');
const shard000 = [
  'item shard-000.tar:000000 a red square',
  'item shard-000.tar:000001 a green square',
  'skip shard-000.tar:/tmp/evil: absolute member name: /tmp/evil.jpg',
  "skip shard-000.tar:../evil: member name contains a '..' segment: ../evil.jpg",
  'skip shard-000.tar:000002: no caption (no .txt member and no .json member)',
  'skip shard-000.tar:000003: empty caption: 000003.txt',
  'skip shard-000.tar:000004: symlink member not imported: 000004.jpg -> ../../etc/passwd',
  'skip shard-000.tar:000005: hard link member not imported: 000005.jpg -> 000000.jpg',
  'skip shard-000.tar:000006: no image member (found: 000006.txt)',
  'skip shard-000.tar:000007: caption is not valid UTF-8: 000007.txt',
  expect.stringMatching(/^skip shard-000\.tar:000008: invalid JSON in 000008\.json \(.+\)$/),
  'item shard-000.tar:000009 a blue square',
  'item shard-000.tar:000010 an upper-case extension',
];

function imageOf(record: SourceRecord): { bytes: Buffer; name: string } {
  if (record.kind !== 'item' || !('bytes' in record.image))
    throw new Error(`not a tar item: ${JSON.stringify(record)}`);
  return record.image;
}

describe('WebDataset source', () => {
  const tmp = mkdtemp(path.join(os.tmpdir(), 'webdataset-source-'));
  afterAll(async () => rm(await tmp, { recursive: true, force: true }));

  it('groups members by key and skips every unsafe or incomplete sample, keeping the good ones in order', async () => {
    const source = await openWebDatasetSource(path.join(shardsDir, 'shard-000.tar'));
    expect(source).toMatchObject({ format: 'webdataset', labelled: false });
    const records = await collect(source.records());
    expect(describeRecords(records)).toEqual(shard000);
    // every reason is a catalogued note (shown in Japanese in the UI), its member names kept as values
    expect(skipNotes(records)).toEqual([
      { source: 'shard-000.tar:/tmp/evil', id: 'wds.memberNameAbsolute', params: { member: '/tmp/evil.jpg' } },
      { source: 'shard-000.tar:../evil', id: 'wds.memberNameDotDot', params: { member: '../evil.jpg' } },
      { source: 'shard-000.tar:000002', id: 'wds.noCaptionMember', params: {} },
      { source: 'shard-000.tar:000003', id: 'wds.emptyCaption', params: { member: '000003.txt' } },
      {
        source: 'shard-000.tar:000004',
        id: 'wds.symlinkMember',
        params: { member: '000004.jpg', target: '../../etc/passwd' },
      },
      {
        source: 'shard-000.tar:000005',
        id: 'wds.hardLinkMember',
        params: { member: '000005.jpg', target: '000000.jpg' },
      },
      { source: 'shard-000.tar:000006', id: 'wds.noImageMember', params: { members: '000006.txt' } },
      { source: 'shard-000.tar:000007', id: 'wds.captionNotUtf8', params: { member: '000007.txt' } },
      {
        source: 'shard-000.tar:000008',
        id: 'wds.invalidJson',
        params: { member: '000008.json', detail: expect.any(String) },
      },
    ]);
  });

  it('passes the image member bytes through unchanged', async () => {
    const records = await collect((await openWebDatasetSource(path.join(shardsDir, 'shard-000.tar'))).records());
    const red = await readFile(fixture('captions', 'images', 'red.jpg'));
    const green = await readFile(fixture('captions', 'images', 'green.png'));
    expect(imageOf(records[0])).toEqual({ bytes: red, name: '000000.jpg' });
    expect(imageOf(records[1])).toEqual({ bytes: green, name: '000001.png' });
    expect(imageOf(records[11]).name).toBe('000009.webp');
  });

  it('reads a folder of shards in order; a truncated shard keeps its complete samples and does not stop the next shard', async () => {
    const records = await collect((await openWebDatasetSource(shardsDir)).records());
    expect(describeRecords(records)).toEqual([
      ...shard000,
      'item shard-001.tar:000100 before the cut 1',
      'item shard-001.tar:000101 before the cut 2',
      'skip shard-001.tar: truncated tar: it ends in the middle of a member after 4 complete members; the rest is missing',
      'item shard-002.tar:000200 after the truncated shard',
    ]);
  });

  it('notices a tar cut exactly at a block boundary (no end-of-archive marker)', async () => {
    const whole = await readFile(path.join(shardsDir, 'shard-000.tar'));
    // The first four members (000000.jpg/.txt, 000001.png/.json) are 1 header + 1 data block each.
    const file = path.join(await tmp, 'cut.tar');
    await writeFile(file, whole.subarray(0, 4 * 1024));
    const records = await collect((await openWebDatasetSource(file)).records());
    expect(describeRecords(records)).toEqual([
      'item cut.tar:000000 a red square',
      'skip cut.tar: truncated tar: no end-of-archive marker after 4 members; samples after them may be missing (sample 000001 may be incomplete and is not imported)',
    ]);
    const [cut] = skipNotes(records);
    expect(cut).toMatchObject({ id: 'wds.sampleIncomplete', params: { key: '000001' } });
    expect(parseNote(cut!.params!.reason!)).toEqual({ id: 'wds.tarNoEndMarker', params: { members: '4' } });
  });

  it('reads gzipped shards and brace-listed shard names, reporting a listed shard that is missing', async () => {
    const dir = await tmp;
    await writeFile(path.join(dir, 'part-0.tar.gz'), gzipSync(await readFile(path.join(shardsDir, 'shard-002.tar'))));
    await copyFile(path.join(shardsDir, 'shard-002.tar'), path.join(dir, 'part-1.tar'));
    const gz = await collect((await openWebDatasetSource(path.join(dir, 'part-0.tar.gz'))).records());
    expect(describeRecords(gz)).toEqual(['item part-0.tar.gz:000200 after the truncated shard']);
    const listed = await collect((await openWebDatasetSource(path.join(dir, 'part-{1..2}.tar'))).records());
    expect(describeRecords(listed)).toEqual([
      'item part-1.tar:000200 after the truncated shard',
      expect.stringMatching(/^skip part-2\.tar: shard cannot be read: .*no such file/),
    ]);
    expect(skipNotes(listed)).toEqual([
      { source: 'part-2.tar', id: 'wds.shardUnreadable', params: { detail: expect.stringMatching(/no such file/) } },
    ]);
    const wildcard = await collect((await openWebDatasetSource(path.join(dir, 'part-*.tar*'))).records());
    expect(wildcard.map((r) => r.source)).toEqual(['part-0.tar.gz:000200', 'part-1.tar:000200']);
  });

  it('reports a file that is not a tar at all instead of throwing', async () => {
    const file = path.join(await tmp, 'not-a.tar');
    await writeFile(file, Buffer.alloc(2048, 0x41));
    const records = await collect((await openWebDatasetSource(file)).records());
    expect(describeRecords(records)).toEqual([
      expect.stringMatching(/^skip not-a\.tar: unreadable tar after 0 members \(Invalid tar header/),
    ]);
    expect(skipNotes(records)).toEqual([
      {
        source: 'not-a.tar',
        id: 'wds.tarUnreadable',
        params: { members: '0', detail: expect.stringMatching(/^Invalid tar header/) },
      },
    ]);
  });

  it('throws when the path does not exist or a folder has no shards', async () => {
    await expect(openWebDatasetSource(path.join(shardsDir, 'nope.tar'))).rejects.toThrow(/not found: .*nope\.tar/);
    await expect(openWebDatasetSource(fixture('captions'))).rejects.toThrow(/No \.tar shards in .*captions/);
  });
});

describe('WebDataset naming', () => {
  it('keys a member by the path up to the first dot of its file name', () => {
    expect(sampleKey('000123.jpg')).toBe('000123');
    expect(sampleKey('dir.v2/abc.seg.png')).toBe('dir.v2/abc');
    expect(sampleKey('noext')).toBe('noext');
  });

  it('expands brace ranges (keeping zero padding) and lists', () => {
    expect(expandBraces('s-{08..11}.tar')).toEqual(['s-08.tar', 's-09.tar', 's-10.tar', 's-11.tar']);
    expect(expandBraces('{a,b}-{0..1}.tar')).toEqual(['a-0.tar', 'a-1.tar', 'b-0.tar', 'b-1.tar']);
    expect(expandBraces('plain.tar')).toEqual(['plain.tar']);
  });
});
