import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError, serializeError, type SerializedError } from '../../../shared/errors.js';
import { collect } from '../../../../test/fixtures/fixture-paths.js';
import { detectFormat, openSource } from './open-source.js';

/**
 * A dataset the user points at that cannot be read is the user's to fix, not a bug: every such failure is
 * an EngineError with a code other than 'internal' and the file (and line or field) at fault, and keeps
 * both when serialised for the UI.
 */
async function failure(p: Promise<unknown>): Promise<SerializedError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    return serializeError(e);
  }
  throw new Error('expected a failure');
}

describe('dataset sources report bad input as typed errors', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'source-errors-'));
    await writeFile(file('empty.csv'), '');
    await writeFile(file('no-caption.csv'), 'image,label\na.jpg,cat\n');
    await writeFile(file('list.json'), '[1, 2, 3]');
    await writeFile(file('notes.txt'), 'hello');
    await mkdir(file('coco-array/annotations'), { recursive: true });
    await writeFile(file('coco-array/annotations/captions_train.json'), '[{"id": 1}]');
    await mkdir(file('coco-broken/annotations'), { recursive: true });
    await writeFile(
      file('coco-broken/annotations/captions_train.json'),
      '{"images": [{"id": 1, "file_name": "a.jpg"}], "annotations": [{"id": 1,',
    );
    await mkdir(file('coco-no-annotations/annotations'), { recursive: true });
    await writeFile(file('coco-no-annotations/annotations/captions_train.json'), '{"images": []}');
    await mkdir(file('odd-folder'), { recursive: true });
    await writeFile(file('odd-folder/readme.md'), '#');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('a missing path: not-found, naming the path', async () => {
    const e = await failure(detectFormat(file('nowhere')));
    expect(e).toMatchObject({ code: 'not-found', at: { file: file('nowhere'), field: 'path' } });
  });

  it('a file or folder whose format cannot be told: invalid-data, naming it and the format field', async () => {
    expect(await failure(detectFormat(file('notes.txt')))).toMatchObject({
      code: 'invalid-data',
      at: { file: file('notes.txt'), field: 'format' },
    });
    expect(await failure(detectFormat(file('list.json')))).toMatchObject({
      code: 'invalid-data',
      at: { file: file('list.json'), field: 'format' },
    });
    expect(await failure(detectFormat(file('odd-folder')))).toMatchObject({
      code: 'invalid-data',
      at: { file: file('odd-folder'), field: 'format' },
    });
  });

  it('an unknown or built-in format asked for: invalid-request on the format field', async () => {
    expect(await failure(openSource(file('notes.txt'), 'parquet' as never))).toMatchObject({
      code: 'invalid-request',
      at: { field: 'format' },
    });
    expect(await failure(openSource(file('notes.txt'), 'emoji'))).toMatchObject({
      code: 'invalid-request',
      at: { field: 'format' },
      note: { id: 'import.emojiHasNoPath' },
    });
  });

  it('CSV without a header row or without a caption column: invalid-data at the file, line and column', async () => {
    expect(await failure(openSource(file('empty.csv'), 'csv'))).toMatchObject({
      code: 'invalid-data',
      at: { file: file('empty.csv'), line: 1 },
    });
    const e = await failure(openSource(file('no-caption.csv'), 'csv'));
    expect(e).toMatchObject({ code: 'invalid-data', at: { file: file('no-caption.csv'), line: 1, field: 'caption' } });
    expect(e.message).toContain('no caption column');
    // the catalogued message with its values, which the UI shows in Japanese
    expect(e.note).toEqual({
      id: 'import.csvMissingColumn',
      params: {
        file: 'no-caption.csv',
        column: 'caption',
        aliases: expect.stringContaining('caption'),
        found: 'image, label',
      },
    });
  });

  it('COCO files that are not a captions object, are cut short or lack annotations: invalid-data at the file', async () => {
    const array = file('coco-array/annotations/captions_train.json');
    expect(await failure(openSource(file('coco-array'), 'coco'))).toMatchObject({
      code: 'invalid-data',
      at: { file: array, line: 1 },
    });

    const broken = file('coco-broken/annotations/captions_train.json');
    const source = await openSource(file('coco-broken'), 'coco');
    expect(await failure(collect(source.records()))).toMatchObject({ code: 'invalid-data', at: { file: broken } });

    const bare = file('coco-no-annotations/annotations/captions_train.json');
    const noAnnotations = await openSource(file('coco-no-annotations'), 'coco');
    expect(await failure(collect(noAnnotations.records()))).toMatchObject({
      code: 'invalid-data',
      at: { file: bare, field: 'annotations' },
    });
  });

  it('a folder with no COCO captions file given as coco: invalid-data', async () => {
    expect(await failure(openSource(file('odd-folder'), 'coco'))).toMatchObject({
      code: 'invalid-data',
      at: { file: file('odd-folder') },
      note: { id: 'import.noCocoCaptions', params: { root: file('odd-folder') } },
    });
  });

  it('a folder without shards given as webdataset: invalid-data; a pattern matching nothing: not-found', async () => {
    expect(await failure(openSource(file('odd-folder'), 'webdataset'))).toMatchObject({
      code: 'invalid-data',
      at: { file: file('odd-folder') },
      note: { id: 'import.noShards', params: { dir: file('odd-folder') } },
    });
    expect(await failure(openSource(file('odd-folder/shard-{000..002}-*.tar'), 'webdataset'))).toMatchObject({
      code: 'not-found',
    });
  });
});

describe('serializeError', () => {
  it('keeps the code and location of an EngineError, and calls anything else a bug (internal) or io', () => {
    expect(serializeError(new EngineError('invalid-data', 'm', { file: 'f', line: 3 }))).toEqual({
      code: 'invalid-data',
      message: 'm',
      at: { file: 'f', line: 3 },
    });
    expect(serializeError(new EngineError('not-found', 'm'))).toEqual({ code: 'not-found', message: 'm' });
    expect(serializeError(new Error('boom'))).toEqual({ code: 'internal', message: 'boom' });
    expect(serializeError(Object.assign(new Error('gone'), { code: 'ENOENT' }))).toEqual({
      code: 'io',
      message: 'gone',
    });
  });
});
