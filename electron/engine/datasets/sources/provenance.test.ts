import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import tar from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { collect, fixture } from '../../../../test/fixtures/fixture-paths.js';
import { openDatabase } from '../../store/database.js';
import { importDataset } from '../import-dataset.js';
import { datasetProvenance, setDatasetLicence } from '../provenance-repository.js';
import { openCocoSource } from './coco-source.js';
import { openImageFolderSource } from './imagefolder-source.js';
import { openJsonlSource } from './jsonl-source.js';
import { collectProvenance, isNonCommercial, spdxOf } from './provenance.js';
import { openWebDatasetSource } from './webdataset-source.js';

const tmp = mkdtemp(path.join(os.tmpdir(), 'provenance-'));
afterAll(async () => rm(await tmp, { recursive: true, force: true }));
const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

/** A tar of `members` (name → content), as a WebDataset shard. */
async function writeShard(file: string, members: Record<string, string>): Promise<void> {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(members)) pack.entry({ name }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  await writeFile(file, Buffer.concat(chunks));
}

describe('licence capture per importer', () => {
  it("COCO: the file's own licenses table, with the version its URL gives, and the hosts of the image URLs", async () => {
    const dir = path.join(await tmp, 'coco');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'x.jpg'), 'bytes');
    const json = path.join(dir, 'captions_mine.json');
    await writeFile(
      json,
      JSON.stringify({
        licenses: [
          {
            id: 1,
            name: 'Attribution-NonCommercial-ShareAlike License',
            url: 'http://creativecommons.org/licenses/by-nc-sa/2.0/',
          },
          { id: 4, name: 'Attribution License', url: 'http://creativecommons.org/licenses/by/2.0/' },
        ],
        images: [{ id: 'x', file_name: 'x.jpg', license: 4, flickr_url: 'http://farm4.staticflickr.com/1/x.jpg' }],
        annotations: [{ id: 1, image_id: 'x', caption: 'A cat.' }],
      }),
    );
    const source = await openCocoSource(dir);
    await collect(source.records());
    expect(source.provenance!()).toEqual({
      licences: [
        {
          name: 'CC-BY-NC-SA-2.0',
          url: 'http://creativecommons.org/licenses/by-nc-sa/2.0/',
          declaredIn: 'captions_mine.json licenses',
        },
        {
          name: 'CC-BY-2.0',
          url: 'http://creativecommons.org/licenses/by/2.0/',
          declaredIn: 'captions_mine.json licenses',
        },
      ],
      hosts: ['farm4.staticflickr.com'],
      files: [json],
    });
    const recorded = await collectProvenance(source);
    expect(recorded.files).toEqual([{ path: json, sha256: await sha256(json), bytes: (await readFile(json)).length }]);
  });

  it("WebDataset: each sample's .json license and url, counted per licence", async () => {
    const dir = path.join(await tmp, 'wds');
    await mkdir(dir, { recursive: true });
    const shard = path.join(dir, 'shard-000.tar');
    await writeShard(shard, {
      '000.jpg': 'a',
      '000.json': JSON.stringify({ caption: 'one', url: 'https://img.example.com/1.jpg', license: 'CC BY 4.0' }),
      '001.jpg': 'b',
      '001.json': JSON.stringify({ caption: 'two', url: 'https://cdn.example.org/2.jpg', license: 'CC BY 4.0' }),
      '002.jpg': 'c',
      '002.json': JSON.stringify({ caption: 'three', url: 'https://cdn.example.org/3.jpg', licence: 'CC BY-NC 4.0' }),
      '003.jpg': 'd',
      '003.txt': 'four, with no metadata',
    });
    const source = await openWebDatasetSource(dir);
    expect((await collect(source.records())).filter((r) => r.kind === 'item')).toHaveLength(4);
    expect(source.provenance!()).toEqual({
      licences: [
        { name: 'CC-BY-4.0', declaredIn: 'WebDataset .json license', items: 2 },
        { name: 'CC-BY-NC-4.0', declaredIn: 'WebDataset .json license', items: 1 },
      ],
      hosts: ['img.example.com', 'cdn.example.org'],
      files: [shard],
    });
  });

  it("any format: a LICENSE file and a README's licence line beside the data, hashed with the data file", async () => {
    const dir = path.join(await tmp, 'jsonl');
    await mkdir(dir, { recursive: true });
    const data = path.join(dir, 'captions.jsonl');
    await writeFile(data, `${JSON.stringify({ image: 'x.jpg', caption: 'A cat.' })}\n`);
    await writeFile(path.join(dir, 'LICENSE'), 'MIT License\n\nCopyright (c) 2026 Example\n');
    await writeFile(
      path.join(dir, 'README.md'),
      '# Our captions\n\n## License\n\nCC BY-SA 4.0, photos by our staff.\n',
    );
    const recorded = await collectProvenance(await openJsonlSource(data));
    expect(recorded.licences).toEqual([
      { name: 'MIT', declaredIn: 'LICENSE' },
      { name: 'CC-BY-SA-4.0', declaredIn: 'README.md' },
    ]);
    expect(recorded.files.map((f) => path.basename(f.path))).toEqual(['captions.jsonl', 'LICENSE', 'README.md']);
    expect(recorded.files[0].sha256).toBe(await sha256(data));
  });

  it('ImageFolder with nothing declared: no licence, which the dataset reports as unknown', async () => {
    const recorded = await collectProvenance(await openImageFolderSource(fixture('imagefolder')));
    expect(recorded.licences).toEqual([]);
    expect(recorded.hosts).toEqual([]);
  });
});

describe('dataset licence state', () => {
  it('is unknown after importing undeclared data, declared or non-commercial from the sources, and entered by the user', async () => {
    const home = await mkdtemp(path.join(await tmp, 'home-'));
    const db = openDatabase(home);
    try {
      await importDataset(db, home, await openCocoSource(fixture('coco')), { name: 'coco-fixture', imageSize: 16 });
      const unknown = datasetProvenance(db, 'coco-fixture');
      expect(unknown).toMatchObject({
        state: 'unknown',
        licences: [],
        non_commercial: false,
        entered_licence: null,
        consent_notes: null,
      });
      // the import's source, date and the hashes of both captions files
      expect(unknown.imports).toHaveLength(1);
      expect(unknown.imports[0].source_path).toBe(fixture('coco'));
      expect(unknown.imports[0].files.map((f) => path.basename(f.path))).toEqual([
        'captions_train2017.json',
        'captions_val2017.json',
      ]);
      expect(unknown.imports[0].files[0].sha256).toMatch(/^[0-9a-f]{64}$/);

      const entered = setDatasetLicence(db, {
        dataset: 'coco-fixture',
        licence: 'CC-BY-NC-4.0',
        consent_notes: 'No faces; staff photos with consent.',
      });
      expect(entered).toMatchObject({
        state: 'entered',
        licences: ['CC-BY-NC-4.0'],
        non_commercial: true,
        consent_notes: 'No faces; staff photos with consent.',
      });
      // clearing the licence keeps the notes
      expect(setDatasetLicence(db, { dataset: 'coco-fixture', licence: null })).toMatchObject({
        state: 'unknown',
        consent_notes: 'No faces; staff photos with consent.',
      });
      expect(() => setDatasetLicence(db, { dataset: 'nope', licence: 'MIT' })).toThrow(/no dataset named "nope"/);
    } finally {
      db.close();
    }
  });
});

describe('licence names', () => {
  it('recognises common licences by their SPDX id and flags non-commercial ones', () => {
    expect(spdxOf('Apache License\n                           Version 2.0, January 2004')).toBe('Apache-2.0');
    expect(spdxOf('Attribution 4.0 International\n\n=====')).toBe('CC-BY-4.0');
    expect(spdxOf('Attribution-NonCommercial 4.0 International')).toBe('CC-BY-NC-4.0');
    expect(spdxOf('SPDX-License-Identifier: BSD-2-Clause')).toBe('BSD-2-Clause');
    expect(spdxOf('Do whatever you like')).toBeUndefined();
    expect(isNonCommercial('CC-BY-NC-SA-2.0')).toBe(true);
    expect(isNonCommercial('research use only')).toBe(true);
    expect(isNonCommercial('CC-BY-4.0')).toBe(false);
  });
});
