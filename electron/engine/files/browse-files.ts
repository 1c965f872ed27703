import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { noteError } from '../../shared/errors.js';
import { IMPORT_FILE_EXTENSIONS } from '../../shared/desktop.js';
import { insideAllowedRoots } from '../api/allowed-roots.js';

export interface BrowseEntry {
  name: string;
  path: string;
  kind: 'folder' | 'file';
}

export interface BrowseListing {
  /** The folder listed; null for the list of roots. */
  path: string | null;
  /** The folder above, while it is still inside a root; null at a root (go back to the roots). */
  parent: string | null;
  roots: string[];
  entries: BrowseEntry[];
}

const IMPORTABLE = new Set<string>(Object.values(IMPORT_FILE_EXTENSIONS).flat());
const MAX_ENTRIES = 2000;

/**
 * Serve mode's server-side file browser for import sources: lists a folder's sub-folders and the files the
 * importer reads (hidden entries left out), only inside the allowed roots; without a path, the roots.
 */
export async function browseFiles(roots: readonly string[], target: string | undefined): Promise<BrowseListing> {
  const shownRoots = roots.map((r) => path.resolve(r));
  if (!target) {
    return {
      path: null,
      parent: null,
      roots: shownRoots,
      entries: shownRoots.map((r) => ({ name: r, path: r, kind: 'folder' })),
    };
  }
  const dir = insideAllowedRoots(target, roots);
  if (dir === null) {
    throw noteError('invalid-request', 'browse.outside', { path: target, roots: shownRoots.join(', ') });
  }
  let dirents;
  try {
    dirents = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    const detail = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw noteError('io', 'browse.cannotList', { dir, detail });
  }
  const entries: BrowseEntry[] = [];
  for (const d of dirents) {
    if (d.name.startsWith('.')) continue;
    const full = path.join(dir, d.name);
    const isFolder =
      d.isDirectory() || (d.isSymbolicLink() && insideAllowedRoots(full, roots) !== null && (await isDir(full)));
    if (isFolder) entries.push({ name: d.name, path: full, kind: 'folder' });
    else if (IMPORTABLE.has(path.extname(d.name).slice(1).toLowerCase()))
      entries.push({ name: d.name, path: full, kind: 'file' });
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
  const up = path.dirname(dir);
  return {
    path: dir,
    parent: up !== dir && insideAllowedRoots(up, roots) !== null ? up : null,
    roots: shownRoots,
    entries: entries.slice(0, MAX_ENTRIES),
  };
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await readdir(p)) !== undefined;
  } catch {
    return false;
  }
}
