import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';

/**
 * Folder listings in one fixed order, so an import (and its skip list) comes out the same on every
 * machine: code-point order, not the locale's, and not whatever order the file system returns.
 */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The visible entries of `dir` (names starting with '.' are hidden files: .DS_Store, ._x.jpg, .git), sorted. */
export async function sortedEntries(dir: string): Promise<Dirent[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => byCodePoint(a.name, b.name));
}
