import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collect, describeRecords, fixture, skipNotes } from '../../../../test/fixtures/fixture-paths.js';
import { openJsonlSource } from './jsonl-source.js';
import { IMAGE_ROOT_HINT } from './safe-path.js';

const captionsDir = fixture('captions');
const image = (name: string) => path.join(captionsDir, 'images', name);

describe('JSONL source', () => {
  const tmp = mkdtemp(path.join(os.tmpdir(), 'jsonl-source-'));
  afterAll(async () => rm(await tmp, { recursive: true, force: true }));

  it('reports every bad line with its line number and keeps every good one, in order', async () => {
    const source = await openJsonlSource(path.join(captionsDir, 'captions.jsonl'));
    expect(source).toMatchObject({ format: 'jsonl', labelled: false, root: path.join(captionsDir, 'captions.jsonl') });
    const records = await collect(source.records());
    expect(describeRecords(records)).toEqual([
      'item captions.jsonl:1 a red square',
      'item captions.jsonl:2 a green square',
      expect.stringMatching(/^skip captions\.jsonl:3: invalid JSON \(.+\)$/),
      'skip captions.jsonl:4: missing image field (expected one of: image, file, path, filepath, url)',
      'skip captions.jsonl:5: empty caption',
      'skip captions.jsonl:6: missing caption field (expected one of: caption, text, title, captions)',
      'skip captions.jsonl:7: not valid UTF-8',
      'skip captions.jsonl:8: path escapes the dataset folder: ../outside.jpg (' + IMAGE_ROOT_HINT + ')',
      'skip captions.jsonl:9: absolute path outside the dataset folder: /etc/hostname (' + IMAGE_ROOT_HINT + ')',
      'skip captions.jsonl:10: file not found: images/missing.jpg',
      expect.stringMatching(
        /^skip captions\.jsonl:11: symlink leads outside the dataset folder: outside-link\.jpg -> .*outside\.jpg \(to allow images/,
      ),
      'item captions.jsonl:12 a blue square',
      'skip captions.jsonl:12: empty caption (caption[1])',
      'item captions.jsonl:12 blue again',
      'skip captions.jsonl:14: remote URL not imported (download the images first): https://example.com/cat.jpg',
      'skip captions.jsonl:15: not a JSON object',
      'item captions.jsonl:16 a red square via a link',
      'item captions.jsonl:17 naïve café ünïcode',
      'item captions.jsonl:18 a dotted path that stays inside',
      'item captions.jsonl:19 last line without a newline',
    ]);
    // every reason is a catalogued note (shown in Japanese in the UI)
    expect(skipNotes(records).map((n) => n.id)).toEqual([
      'skip.invalidJson',
      'skip.missingImageField',
      'skip.emptyCaption',
      'skip.missingCaptionField',
      'line.notUtf8',
      'path.escapesHint',
      'path.absoluteOutsideHint',
      'path.fileNotFound',
      'path.symlinkOutsideHint',
      'skip.emptyCaptionAt',
      'path.remoteUrl',
      'skip.notJsonObject',
    ]);
  });

  it('gives items absolute real paths inside the folder (symlinks resolved)', async () => {
    const records = await collect((await openJsonlSource(path.join(captionsDir, 'captions.jsonl'))).records());
    const paths = records.flatMap((r) => (r.kind === 'item' && 'path' in r.image ? [r.image.path] : []));
    expect(paths).toEqual([
      image('red.jpg'),
      image('green.png'),
      image('blue.jpg'),
      image('blue.jpg'),
      image('red.jpg'), // inside-link.jpg -> images/red.jpg
      image('blue.jpg'),
      image('green.png'), // images/sub/../green.png
      image('green.png'),
    ]);
  });

  it('accepts an absolute path (and a file: URL) only inside the folder', async () => {
    const dir = await tmp;
    await writeFile(path.join(dir, 'a.jpg'), 'not decoded here');
    const file = path.join(dir, 'abs.jsonl');
    const inside = path.join(dir, 'a.jpg');
    await writeFile(
      file,
      [
        JSON.stringify({ image: inside, caption: 'absolute inside' }),
        JSON.stringify({ image: `file://${inside}`, caption: 'file URL inside' }),
        JSON.stringify({ image: path.join(path.dirname(dir), 'elsewhere.jpg'), caption: 'absolute outside' }),
        JSON.stringify({ image: 'a.jpg', caption: 42 }),
        JSON.stringify({ image: 7, caption: 'number as image' }),
      ].join('\n'),
    );
    const records = await collect((await openJsonlSource(file)).records());
    expect(records.slice(0, 2)).toEqual([
      { kind: 'item', source: 'abs.jsonl:1', image: { path: inside }, caption: 'absolute inside' },
      { kind: 'item', source: 'abs.jsonl:2', image: { path: inside }, caption: 'file URL inside' },
    ]);
    expect(describeRecords(records.slice(2))).toEqual([
      expect.stringMatching(/^skip abs\.jsonl:3: absolute path outside the dataset folder: /),
      'skip abs.jsonl:4: caption is not a string (got 42)',
      'skip abs.jsonl:5: image field is not a string (got 7)',
    ]);
  });

  it('imports absolute paths under a named image root, refusing the rest row by row with how to allow a root', async () => {
    const manifestDir = await mkdtemp(path.join(os.tmpdir(), 'jsonl-manifest-'));
    const photos = await mkdtemp(path.join(os.tmpdir(), 'jsonl-photos-'));
    try {
      await writeFile(path.join(photos, 'p.jpg'), 'not decoded here');
      const file = path.join(manifestDir, 'export.jsonl');
      await writeFile(
        file,
        [
          JSON.stringify({ image: path.join(photos, 'p.jpg'), caption: '工場の写真' }),
          JSON.stringify({ image: '/etc/hostname', caption: 'not under a root' }),
        ].join('\n'),
      );
      const refused = describeRecords(await collect((await openJsonlSource(file)).records()));
      expect(refused[0]).toMatch(/^skip export\.jsonl:1: absolute path outside the dataset folder: .*--image-root DIR/);
      const records = await collect((await openJsonlSource(file, [photos])).records());
      expect(records[0]).toEqual({
        kind: 'item',
        source: 'export.jsonl:1',
        image: { path: await realpath(path.join(photos, 'p.jpg')) },
        caption: '工場の写真',
      });
      expect(describeRecords(records.slice(1))).toEqual([
        expect.stringMatching(
          /^skip export\.jsonl:2: absolute path outside the dataset folder and image roots: \/etc\/hostname \(to allow/,
        ),
      ]);
    } finally {
      await rm(manifestDir, { recursive: true, force: true });
      await rm(photos, { recursive: true, force: true });
    }
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const seen = [];
    for await (const record of (await openJsonlSource(path.join(captionsDir, 'captions.jsonl'))).records(
      controller.signal,
    )) {
      seen.push(record);
      if (seen.length === 3) controller.abort();
    }
    expect(seen).toHaveLength(3);
  });

  it('throws, naming the path, when the file does not exist', async () => {
    await expect(openJsonlSource(path.join(captionsDir, 'nope.jsonl'))).rejects.toThrow(/not found: .*nope\.jsonl/);
  });
});
