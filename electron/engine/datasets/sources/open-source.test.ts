import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collect, fixture, sharedDataDir } from '../../../../test/fixtures/fixture-paths.js';
import { detectFormat, openSource } from './open-source.js';

describe('detectFormat', () => {
  const tmp = mkdtemp(path.join(os.tmpdir(), 'detect-format-'));
  afterAll(async () => rm(await tmp, { recursive: true, force: true }));

  it.each([
    ['captions/captions.jsonl', 'jsonl'],
    ['captions/captions.csv', 'csv'],
    ['captions/captions.tsv', 'csv'],
    ['webdataset', 'webdataset'],
    ['webdataset/shard-000.tar', 'webdataset'],
    ['webdataset/shard-001.tar', 'webdataset'],
    ['coco', 'coco'],
    ['coco/annotations/captions_val2017.json', 'coco'],
    ['imagefolder', 'imagefolder'],
    ['imagefolder-split', 'imagefolder'],
  ])('fixture %s → %s', async (rel, format) => {
    expect(await detectFormat(fixture(rel))).toBe(format);
  });

  it('recognises the shared real datasets', async () => {
    expect(await detectFormat(path.join(sharedDataDir, 'coco-mini'))).toBe('coco');
    expect(await detectFormat(path.join(sharedDataDir, 'coco-mini', 'annotations', 'captions_train2017.json'))).toBe(
      'coco',
    );
    expect(await detectFormat(path.join(sharedDataDir, 'flowers5'))).toBe('imagefolder');
  });

  it('recognises .ndjson, .tar.gz and a shard pattern', async () => {
    const dir = await tmp;
    await writeFile(path.join(dir, 'rows.ndjson'), '');
    await writeFile(path.join(dir, 'a.tar.gz'), '');
    expect(await detectFormat(path.join(dir, 'rows.ndjson'))).toBe('jsonl');
    expect(await detectFormat(path.join(dir, 'a.tar.gz'))).toBe('webdataset');
    expect(await detectFormat(path.join(dir, 'shard-{000..009}.tar'))).toBe('webdataset');
  });

  it('says what it found, and which --format values exist, when nothing fits', async () => {
    const dir = await tmp;
    const docs = path.join(dir, 'docs');
    await mkdir(path.join(docs, 'empty-sub'), { recursive: true });
    await writeFile(path.join(docs, 'a.md'), '');
    await writeFile(path.join(docs, 'b.md'), '');
    await writeFile(path.join(docs, 'c.txt'), '');
    await expect(detectFormat(docs)).rejects.toThrow(
      /Cannot detect the dataset format of folder .*docs: found 3 file\(s\) \(2 \.md, 1 \.txt\) and 1 folder\(s\) \(empty-sub\/\) without images directly inside\..*Use --format with one of: jsonl, csv, webdataset, coco, imagefolder\./,
    );
    await expect(detectFormat(path.join(docs, 'a.md'))).rejects.toThrow(
      /from its extension \(\.md\)\. Use --format with one of/,
    );
    const plainJson = path.join(dir, 'rows.json');
    await writeFile(plainJson, '[{"image": "a.jpg", "caption": "x"}]');
    await expect(detectFormat(plainJson)).rejects.toThrow(/rows\.json is not a COCO captions file .*name it \.jsonl/);
    await expect(detectFormat(path.join(dir, 'missing'))).rejects.toThrow(/Dataset path not found: .*missing/);
  });
});

describe('openSource', () => {
  it('opens each fixture with auto-detection', async () => {
    const formats = [];
    for (const rel of ['captions/captions.jsonl', 'captions/captions.tsv', 'webdataset', 'coco', 'imagefolder']) {
      const source = await openSource(fixture(rel), 'auto');
      expect(source.root).toBe(fixture(rel));
      formats.push(source.format);
      expect((await collect(source.records())).some((r) => r.kind === 'item')).toBe(true);
    }
    expect(formats).toEqual(['jsonl', 'csv', 'webdataset', 'coco', 'imagefolder']);
  });

  it('uses an explicit format even when the extension says otherwise, and resolves relative paths', async () => {
    const source = await openSource(path.relative(process.cwd(), fixture('captions', 'captions.tsv')), 'csv');
    expect(source.root).toBe(fixture('captions', 'captions.tsv'));
    await expect(openSource(fixture('captions', 'captions.csv'), 'imagefolder')).rejects.toThrow(/is not a folder/);
  });

  it('reports how far it has read (for the ETA), reaching 1 at the end', async () => {
    for (const rel of ['captions/captions.jsonl', 'captions/captions.csv', 'webdataset', 'coco', 'imagefolder']) {
      const source = await openSource(fixture(rel), 'auto');
      const seen: number[] = [];
      for await (const _ of source.records()) seen.push(source.fractionRead?.() ?? Number.NaN);
      expect(
        seen.every((f) => f >= 0 && f <= 1),
        rel,
      ).toBe(true);
      expect(source.fractionRead?.(), rel).toBe(1);
    }
    const flowers = await openSource(path.join(sharedDataDir, 'flowers5'), 'imagefolder');
    const halfway: number[] = [];
    for await (const r of flowers.records()) if (r.source.startsWith('rose/')) halfway.push(flowers.fractionRead!()!);
    expect(Math.min(...halfway)).toBe(2 / 5); // daisy and dandelion done
  });

  it('refuses the built-in emoji format and unknown paths', async () => {
    await expect(openSource(fixture('coco'), 'emoji')).rejects.toThrow(/emoji demo set is built in/);
    await expect(openSource(fixture('nope'), 'auto')).rejects.toThrow(/Dataset path not found/);
  });
});
