import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { findCaptionFiles } from './coco-source.js';
import { extensionOf, hasImageExtension } from './image-extensions.js';
import { splitFolders } from './imagefolder-source.js';
import { statUserPath } from './safe-path.js';
import { SHARD_NAME, isShardPattern } from './shard-list.js';
import { sortedEntries } from './sorted-entries.js';
import type { DatasetFormat } from './types.js';
import { noteError } from '../../../shared/errors.js';

/** Formats a user can import from a path (the emoji demo set is built in, not read from a path). */
export const PATH_FORMATS = [
  'jsonl',
  'csv',
  'webdataset',
  'coco',
  'imagefolder',
] as const satisfies readonly DatasetFormat[];

const FORMATS = PATH_FORMATS.join(', ');

/**
 * Guesses the format of a dataset path from its extension or folder layout. Cheap: reads folder
 * listings and at most the first MiB of a .json file, never a whole dataset. Throws a message saying
 * what was found when nothing fits.
 */
export async function detectFormat(p: string): Promise<DatasetFormat> {
  const absolute = path.resolve(p);
  const info = await stat(absolute).catch(() => undefined);
  if (info === undefined && isShardPattern(absolute) && SHARD_NAME.test(absolute)) return 'webdataset';
  if (info === undefined) await statUserPath(absolute); // throws "Dataset path not found"
  return info!.isDirectory() ? detectFolderFormat(absolute) : detectFileFormat(absolute);
}

async function detectFileFormat(file: string): Promise<DatasetFormat> {
  const name = path.basename(file);
  if (SHARD_NAME.test(name)) return 'webdataset';
  const ext = extensionOf(name);
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  if (ext === 'json') {
    if (await looksLikeCoco(file)) return 'coco';
    throw noteError('invalid-data', 'import.notCocoJson', { file, formats: FORMATS }, { file, field: 'format' });
  }
  throw noteError(
    'invalid-data',
    'import.unknownExtension',
    { file, ext, formats: FORMATS },
    { file, field: 'format' },
  );
}

/** COCO files put small `info`/`licenses` first, so the keys show up early even in a 100 MB file. */
async function looksLikeCoco(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(1 << 20), 0, 1 << 20, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8').trimStart();
    return head.startsWith('{') && /"(images|annotations)"\s*:\s*\[/.test(head);
  } finally {
    await handle.close();
  }
}

async function detectFolderFormat(dir: string): Promise<DatasetFormat> {
  if ((await findCaptionFiles(dir)).length > 0) return 'coco';
  const entries = await sortedEntries(dir);
  const files = entries.filter((e) => !e.isDirectory());
  const folders = entries.filter((e) => e.isDirectory());
  if (files.some((e) => SHARD_NAME.test(e.name))) return 'webdataset';
  if (await hasClassFolders(dir)) return 'imagefolder';
  throw noteError(
    'invalid-data',
    'import.undetectedFolder',
    { dir, found: describe(files, folders), formats: FORMATS },
    { file: dir, field: 'format' },
  );
}

/** True when a class folder (directly, or inside train/val/test folders) holds an image file. */
async function hasClassFolders(dir: string): Promise<boolean> {
  const splits = await splitFolders(dir);
  const parents = splits === undefined ? [dir] : splits.map((s) => path.join(dir, s.name));
  for (const parent of parents) {
    for (const folder of (await sortedEntries(parent)).filter((e) => e.isDirectory()).slice(0, 50)) {
      const files = await sortedEntries(path.join(parent, folder.name));
      if (files.some((e) => !e.isDirectory() && hasImageExtension(e.name))) return true;
    }
  }
  return false;
}

function describe(files: { name: string }[], folders: { name: string }[]): string {
  const byExt = new Map<string, number>();
  for (const f of files) {
    const ext = extensionOf(f.name) === '' ? '(no extension)' : `.${extensionOf(f.name)}`;
    byExt.set(ext, (byExt.get(ext) ?? 0) + 1);
  }
  const kinds = [...byExt].map(([ext, n]) => `${n} ${ext}`).join(', ');
  const shownFolders = folders
    .slice(0, 5)
    .map((f) => `${f.name}/`)
    .join(', ');
  return (
    `${files.length} file(s)${kinds ? ` (${kinds})` : ''} and ${folders.length} folder(s)` +
    (folders.length > 0 ? ` (${shownFolders}${folders.length > 5 ? ', …' : ''}) without images directly inside` : '')
  );
}
