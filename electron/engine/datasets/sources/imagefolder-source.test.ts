import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, describeRecords, fixture, sharedDataDir } from '../../../../test/fixtures/fixture-paths.js';
import { openImageFolderSource } from './imagefolder-source.js';

const root = fixture('imagefolder');

describe('ImageFolder source', () => {
  it('labels images by class folder in sorted order and reports what it leaves out', async () => {
    const source = await openImageFolderSource(root);
    expect(source).toMatchObject({ format: 'imagefolder', labelled: true, root });
    const records = await collect(source.records());
    expect(describeRecords(records)).toEqual([
      'skip README.txt: not inside a class folder',
      'item cat/a.jpg cat',
      'item cat/b.png cat',
      'item cat/nested/c.jpg cat',
      'skip cat/notes.txt: not an image file (.txt)',
      'item dog/alias.jpg dog',
      'item dog/d.jpg dog',
      expect.stringMatching(
        /^skip dog\/escape\.jpg: symlink leads outside the dataset folder: dog\/escape\.jpg -> .*outside\.jpg$/,
      ),
    ]);
    // Hidden files (cat/.hidden.jpg) are neither items nor skips.
    expect(records.some((r) => r.source.includes('.hidden'))).toBe(false);
    const paths = records.flatMap((r) => (r.kind === 'item' && 'path' in r.image ? [r.image.path] : []));
    expect(paths).toEqual(
      ['cat/a.jpg', 'cat/b.png', 'cat/nested/c.jpg', 'cat/a.jpg' /* dog/alias.jpg resolved */, 'dog/d.jpg'].map((p) =>
        path.join(root, p),
      ),
    );
    expect(records.every((r) => r.kind === 'skip' || r.split === undefined)).toBe(true);
  });

  it('reads train/ and test/ top folders as splits', async () => {
    const records = await collect((await openImageFolderSource(fixture('imagefolder-split'))).records());
    expect(
      records.map((r) => (r.kind === 'item' ? `${r.split} ${r.label} ${r.source}` : `${r.source}: ${r.reason}`)),
    ).toEqual([
      'notes.md: not inside a class folder',
      'train cat train/cat/a.jpg',
      'train dog train/dog/b.jpg',
      'test cat test/cat/c.jpg',
      'test dog test/dog/d.jpg',
    ]);
  });

  it('reads flowers5: 4,317 labelled images over 5 labels', async () => {
    const records = await collect((await openImageFolderSource(path.join(sharedDataDir, 'flowers5'))).records());
    expect(records.filter((r) => r.kind === 'skip')).toEqual([]);
    const perLabel = new Map<string, number>();
    for (const r of records) if (r.kind === 'item') perLabel.set(r.label!, (perLabel.get(r.label!) ?? 0) + 1);
    expect(records).toHaveLength(4317);
    expect(Object.fromEntries(perLabel)).toEqual({
      daisy: 764,
      dandelion: 1052,
      rose: 784,
      sunflower: 733,
      tulip: 984,
    });
  });

  it('throws when the folder does not exist', async () => {
    await expect(openImageFolderSource(fixture('no-such-folder'))).rejects.toThrow(
      /Dataset path not found: .*no-such-folder/,
    );
  });
});
