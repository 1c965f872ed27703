import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collect, describeRecords, fixture, sharedDataDir } from '../../../../test/fixtures/fixture-paths.js';
import { openCocoSource } from './coco-source.js';

const cocoDir = fixture('coco');
const trainRecords = [
  'skip captions_train2017.json:images[5]: image entry without an id and a file_name',
  'item train2017/a.jpg A red square.',
  'skip captions_train2017.json:annotation 2: empty caption',
  'skip captions_train2017.json:annotation 3: image_id 999 has no entry in "images"',
  'skip captions_train2017.json:annotation 4: file not found: missing.jpg',
  'item train2017/c.jpg A blue square.',
  'skip captions_train2017.json:annotation 6: path escapes the dataset folder: ../../outside.jpg',
  'skip captions_train2017.json:annotation 7: caption is not a string',
  'item train2017/a.jpg Another caption of the red square.',
  'skip train2017/d.jpg: no caption (image id 5 has no annotation in captions_train2017.json)',
  'skip train2017/extra.jpg: no caption (the image is not listed in captions_train2017.json)',
];

describe('COCO Captions source', () => {
  const tmp = mkdtemp(path.join(os.tmpdir(), 'coco-source-'));
  afterAll(async () => rm(await tmp, { recursive: true, force: true }));

  it('reads every split of a dataset folder, whatever the order of images and annotations in the file', async () => {
    const source = await openCocoSource(cocoDir);
    expect(source).toMatchObject({ format: 'coco', labelled: false, root: cocoDir });
    const records = await collect(source.records());
    expect(describeRecords(records)).toEqual([...trainRecords, 'item val2017/v.jpg A validation square.']);
    expect(records[1]).toEqual({
      kind: 'item',
      source: 'train2017/a.jpg',
      image: { path: path.join(cocoDir, 'train2017', 'a.jpg') },
      caption: 'A red square.',
      split: 'train',
    });
    expect(records.at(-1)).toMatchObject({ split: 'val', image: { path: path.join(cocoDir, 'val2017', 'v.jpg') } });
  });

  it('reads just one split when given its captions file', async () => {
    const records = await collect(
      (await openCocoSource(path.join(cocoDir, 'annotations', 'captions_train2017.json'))).records(),
    );
    expect(describeRecords(records)).toEqual(trainRecords);
  });

  it('finds images next to the JSON when there is no split folder', async () => {
    const dir = await tmp;
    const flat = path.join(dir, 'flat');
    await mkdir(flat, { recursive: true });
    await writeFile(path.join(flat, 'x.jpg'), 'bytes');
    await writeFile(
      path.join(flat, 'captions_mine.json'),
      JSON.stringify({
        images: [{ id: 'x', file_name: 'x.jpg' }],
        annotations: [{ id: 1, image_id: 'x', caption: ' Hi ' }],
      }),
    );
    const records = await collect((await openCocoSource(flat)).records());
    expect(records).toEqual([
      { kind: 'item', source: 'flat/x.jpg', image: { path: path.join(flat, 'x.jpg') }, caption: 'Hi' },
    ]);
  });

  it('reads coco-mini: 400 train + 395 val captions, and reports the 80 val images without captions', async () => {
    const records = await collect((await openCocoSource(path.join(sharedDataDir, 'coco-mini'))).records());
    const items = records.filter((r) => r.kind === 'item');
    const skips = records.filter((r) => r.kind === 'skip');
    expect(items).toHaveLength(795);
    expect(items.filter((r) => r.split === 'train')).toHaveLength(400);
    expect(items.filter((r) => r.split === 'val')).toHaveLength(395);
    expect(skips).toHaveLength(80);
    expect(skips.every((r) => r.source.startsWith('val2017/') && r.reason.startsWith('no caption'))).toBe(true);
  });

  it('throws, naming the file, for a captions file that is not JSON, or has no annotations', async () => {
    const dir = await tmp;
    const notJson = path.join(dir, 'captions_bad.json');
    await writeFile(notJson, 'this is not JSON at all\n');
    await expect(openCocoSource(notJson)).rejects.toThrow(
      /captions_bad\.json is not a COCO captions file: it is not a JSON object/,
    );
    const truncated = path.join(dir, 'captions_cut.json');
    await writeFile(truncated, '{"images": [{"id": 1, "file_name": "a.jpg"}], "annotations": [{"id": 1, "ima');
    const cut = await openCocoSource(truncated);
    await expect(collect(cut.records())).rejects.toThrow(/captions_cut\.json could not be read as JSON/);
    const noAnnotations = path.join(dir, 'captions_none.json');
    await writeFile(noAnnotations, '{"images": []}');
    await expect(collect((await openCocoSource(noAnnotations)).records())).rejects.toThrow(
      /captions_none\.json has no "annotations" array/,
    );
    await expect(openCocoSource(fixture('imagefolder'))).rejects.toThrow(/No COCO captions file in .*imagefolder/);
  });
});
