import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { statUserPath } from './safe-path.js';
import { byCodePoint, sortedEntries } from './sorted-entries.js';
import { noteError } from '../../../shared/errors.js';

/**
 * Which tar shards a WebDataset path means: one shard file, every shard in a folder, or a shard list
 * written the way WebDataset and img2dataset users write it (`shards/{00000..00099}.tar`,
 * `shards/part-*.tar`). Only the last path segment may be a pattern.
 */

export const SHARD_NAME = /\.(tar|tgz|tar\.gz)$/i;

export interface ShardList {
  /** The folder the shards live in. */
  dir: string;
  /** Absolute shard paths in order. A listed (brace) shard may not exist; the reader reports it. */
  shards: string[];
}

export function isShardPattern(p: string): boolean {
  return /[*?]|\{[^}]*(\.\.|,)[^}]*\}/.test(path.basename(p));
}

export async function listShards(p: string): Promise<ShardList> {
  const absolute = path.resolve(p);
  if (isShardPattern(absolute)) return expandPattern(absolute);
  const info = await statUserPath(absolute);
  if (info.isFile()) return { dir: path.dirname(absolute), shards: [absolute] };
  const names = (await sortedEntries(absolute))
    .filter((e) => !e.isDirectory() && SHARD_NAME.test(e.name))
    .map((e) => e.name);
  if (names.length === 0) throw noteError('invalid-data', 'import.noShards', { dir: absolute }, { file: absolute });
  return { dir: absolute, shards: names.map((n) => path.join(absolute, n)) };
}

async function expandPattern(pattern: string): Promise<ShardList> {
  const dir = path.dirname(pattern);
  await statUserPath(dir, 'folder');
  const names = expandBraces(path.basename(pattern));
  if (!/[*?]/.test(path.basename(pattern))) return { dir, shards: names.map((n) => path.join(dir, n)) };
  const wildcards = names.map(wildcardToRegExp);
  const matches = (await readdir(dir)).filter((n) => wildcards.some((w) => w.test(n))).sort(byCodePoint);
  const shards: string[] = [];
  for (const name of matches) if ((await stat(path.join(dir, name))).isFile()) shards.push(path.join(dir, name));
  if (shards.length === 0)
    throw noteError(
      'not-found',
      'import.noShardMatch',
      { dir, pattern: path.basename(pattern) },
      { file: pattern, field: 'path' },
    );
  return { dir, shards };
}

/** More shard names than this from one pattern is a typo (`{0..999999999}`), not a dataset. */
export const MAX_SHARD_NAMES = 100_000;

/** `a{0..2}b` → a0b a1b a2b (zero padding kept: `{08..10}` → 08 09 10); `{x,y}` → x y; nested braces expand left to right. */
export function expandBraces(pattern: string, limit = MAX_SHARD_NAMES): string[] {
  const out: string[] = [];
  expandInto(pattern, out, limit);
  return out;
}

/** Stops as soon as `limit` is passed, so a huge range never gets built in memory. */
function expandInto(pattern: string, out: string[], limit: number): void {
  const tooMany = () =>
    new Error(
      `the shard pattern ${pattern} names more than ${limit} shards; list fewer (split the import) or fix the range`,
    );
  const match = /\{([^{}]*)\}/.exec(pattern);
  if (match === null) {
    out.push(pattern);
    if (out.length > limit) throw tooMany();
    return;
  }
  const before = pattern.slice(0, match.index);
  const after = pattern.slice(match.index + match[0].length);
  const range = /^(\d+)\.\.(\d+)$/.exec(match[1]);
  if (range !== null) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (Math.abs(to - from) + 1 > limit) throw tooMany();
    const width = range[1].length;
    for (let i = from; from <= to ? i <= to : i >= to; i += from <= to ? 1 : -1)
      expandInto(before + String(i).padStart(width, '0') + after, out, limit);
  } else if (match[1].includes(',')) {
    for (const part of match[1].split(',')) expandInto(before + part + after, out, limit);
  } else {
    out.push(pattern); // `{x}` is not a brace list; leave it literal
    if (out.length > limit) throw tooMany();
  }
}

function wildcardToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}
