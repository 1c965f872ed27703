import { readdirSync } from 'node:fs';
import path from 'node:path';

/** The repository root, from this file's place in test/layout/. */
export const ROOT = path.resolve(import.meta.dirname, '../..');

/** Every file under `dir` (relative to the root) whose name ends with one of `extensions`, as root-relative paths. */
export function sourceFiles(dir: string, extensions: string[]): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && extensions.some((x) => e.name.endsWith(x)))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((f) => !f.includes('node_modules/'))
    .sort();
}

/** Test files and test helpers: never shipped, free to reach into the database or anything else. */
export function isTestCode(file: string): boolean {
  return /\.(test|fixture)\.ts$/.test(file) || file.startsWith('test/');
}
