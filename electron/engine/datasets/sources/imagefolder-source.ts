import { engineNote } from '../../../shared/engine-notes.js';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import { extensionOf, hasImageExtension } from './image-extensions.js';
import { ReadProgress } from './read-progress.js';
import { DatasetFolder } from './safe-path.js';
import { sortedEntries } from './sorted-entries.js';
import type { DatasetSource, SourceRecord } from './types.js';

/**
 * Labelled ImageFolder (torchvision layout): `ROOT/<class>/<image>`, label = class folder name, images
 * possibly in nested folders below the class folder. Optionally split first: `ROOT/train/<class>/…`,
 * `ROOT/test/<class>/…`. Walks one folder listing at a time in code-point order, never following
 * symlinked folders; symlinked files are imported only when they resolve inside the root.
 */
export async function openImageFolderSource(dir: string): Promise<DatasetSource> {
  const folder = await DatasetFolder.open(dir);
  let progress: ReadProgress | undefined;
  return {
    format: 'imagefolder',
    root: folder.dir,
    labelled: true,
    async *records(signal) {
      progress = undefined;
      yield* imageFolderRecords(folder, (p) => (progress = p), signal);
    },
    fractionRead: () => progress?.fraction(),
  };
}

type Split = 'train' | 'val' | 'test';

/** Top folder names read as splits, in the order they are imported. */
const SPLIT_FOLDERS: ReadonlyMap<string, Split> = new Map([
  ['train', 'train'],
  ['training', 'train'],
  ['val', 'val'],
  ['valid', 'val'],
  ['validation', 'val'],
  ['test', 'test'],
  ['testing', 'test'],
]);

/** The split folders when every top folder is one (a class called "test" among others is just a class). */
export async function splitFolders(realDir: string): Promise<{ name: string; split: Split }[] | undefined> {
  const folders = (await sortedEntries(realDir)).filter((e) => e.isDirectory());
  if (folders.length === 0 || !folders.every((e) => SPLIT_FOLDERS.has(e.name.toLowerCase()))) return undefined;
  const order = [...SPLIT_FOLDERS.keys()];
  return folders
    .map((e) => ({ name: e.name, split: SPLIT_FOLDERS.get(e.name.toLowerCase())! }))
    .sort((a, b) => order.indexOf(a.name.toLowerCase()) - order.indexOf(b.name.toLowerCase()));
}

/** Progress counts the entries of the top folder(s): class folders, known once those are listed. */
async function* imageFolderRecords(
  folder: DatasetFolder,
  onProgress: (progress: ReadProgress) => void,
  signal?: AbortSignal,
): AsyncGenerator<SourceRecord> {
  const splits = await splitFolders(folder.realDir);
  const tops: { rel: string; split?: Split; entries: Dirent[] }[] = [];
  if (splits === undefined) {
    tops.push({ rel: '', entries: await sortedEntries(folder.realDir) });
  } else {
    // Files lying next to the split folders belong to no class either.
    tops.push({ rel: '', entries: (await sortedEntries(folder.realDir)).filter((e) => !e.isDirectory()) });
    for (const { name, split } of splits)
      tops.push({ rel: name, split, entries: await sortedEntries(path.join(folder.realDir, name)) });
  }
  const progress = new ReadProgress(tops.reduce((n, top) => n + top.entries.length, 0));
  onProgress(progress);
  for (const { rel, split, entries } of tops) {
    for (const entry of entries) {
      if (signal?.aborted) return;
      const entryRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) yield* classFiles(folder, entryRel, entry.name, split, signal);
      else if (entry.isSymbolicLink())
        yield { kind: 'skip', source: entryRel, reason: engineNote('skip.symlinkClassFolder') };
      else yield { kind: 'skip', source: entryRel, reason: engineNote('skip.noClassFolder') };
      progress.done++;
    }
  }
}

async function* classFiles(
  folder: DatasetFolder,
  rel: string,
  label: string,
  split: Split | undefined,
  signal?: AbortSignal,
): AsyncGenerator<SourceRecord> {
  for (const entry of await sortedEntries(path.join(folder.realDir, rel))) {
    if (signal?.aborted) return;
    const entryRel = `${rel}/${entry.name}`;
    if (entry.isDirectory()) {
      yield* classFiles(folder, entryRel, label, split, signal);
      continue;
    }
    yield await fileRecord(folder, entry, entryRel, label, split);
  }
}

async function fileRecord(
  folder: DatasetFolder,
  entry: Dirent,
  rel: string,
  label: string,
  split: Split | undefined,
): Promise<SourceRecord> {
  const skip = (reason: string): SourceRecord => ({ kind: 'skip', source: rel, reason });
  // The walk starts at the real root and never enters symlinked folders, so a plain file's path is
  // already real and inside; only a symlink needs resolving and checking.
  let file = path.join(folder.realDir, rel);
  if (entry.isSymbolicLink()) {
    const resolved = await folder.resolveFile(rel);
    if (!resolved.ok) return skip(resolved.reason);
    file = resolved.path;
  } else if (!entry.isFile()) {
    return skip(engineNote('skip.notRegularFile'));
  }
  if (!hasImageExtension(entry.name)) {
    const ext = extensionOf(entry.name);
    return skip(ext === '' ? engineNote('skip.noExtension') : engineNote('skip.notImage', { ext }));
  }
  return { kind: 'item', source: rel, image: { path: file }, label, ...(split && { split }) };
}
