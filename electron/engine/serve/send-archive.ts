import { lstatSync, readFileSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import tar from 'tar-stream';
import { z } from 'zod';
import { describeZodError, EngineError, noteError } from '../../shared/errors.js';
import { resolveInsideRoots, type AllowedRoots } from '../api/allowed-roots.js';

/**
 * Serve mode's download of exported files (a CoreNet export's config, vocabulary, launch script, README, or
 * any other list an export answers with) as one tar archive: the files lie on the server, the user wants
 * them on their own machine. Every file must be a regular file inside the allowed roots (symbolic links
 * resolved), so the endpoint reads nothing a request could not already write.
 */
export const ArchiveRequestSchema = z.object({
  files: z.array(z.string().min(1).max(4096)).min(1).max(100),
  /** The archive's folder name and file name (without .tar), e.g. `corenet-run-7`. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'letters, digits, ".", "_" and "-" only'),
});

/** Exports are a few small text files; this keeps one request from reading a dataset into memory. */
const MAX_BYTES = 256 * 1024 * 1024;

export interface ArchiveMember {
  name: string;
  content: Buffer;
  mode: number;
}

/** The members of the archive, checked: each inside the roots, a regular file, names unique, size bounded. */
export function archiveMembers(body: unknown, roots: AllowedRoots): { name: string; members: ArchiveMember[] } {
  const parsed = ArchiveRequestSchema.safeParse(body);
  if (!parsed.success) throw new EngineError('invalid-request', `files archive: ${describeZodError(parsed.error)}`);
  const { files, name } = parsed.data;
  const members: ArchiveMember[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const [i, file] of files.entries()) {
    const resolved = resolveInsideRoots(file, roots, `files[${i}]`);
    let stat;
    try {
      stat = lstatSync(resolved);
    } catch {
      throw noteError('not-found', 'archive.missing', { index: i, file }, { field: `files[${i}]` });
    }
    if (!stat.isFile())
      throw noteError('invalid-request', 'archive.notFile', { index: i, file }, { field: `files[${i}]` });
    total += stat.size;
    if (total > MAX_BYTES)
      throw noteError('invalid-request', 'archive.tooLarge', { limit: MAX_BYTES / 1024 / 1024 }, { field: 'files' });
    const base = path.basename(resolved);
    if (seen.has(base))
      throw noteError('invalid-request', 'archive.sameName', { index: i, name: base }, { field: `files[${i}]` });
    seen.add(base);
    members.push({ name: `${name}/${base}`, content: readFileSync(resolved), mode: stat.mode & 0o777 });
  }
  return { name, members };
}

/** Answers with the tar archive of the members (the checks ran before anything was sent). */
export function sendArchive(res: http.ServerResponse, name: string, members: ArchiveMember[]): void {
  const pack = tar.pack();
  res.writeHead(200, {
    'Content-Type': 'application/x-tar',
    'Content-Disposition': `attachment; filename="${name}.tar"`,
    'Cache-Control': 'no-store',
  });
  pack.on('error', () => res.destroy());
  pack.pipe(res);
  const mtime = new Date();
  for (const m of members) pack.entry({ name: m.name, size: m.content.length, mode: m.mode, mtime }, m.content);
  pack.finalize();
}
