import { createReadStream } from 'node:fs';
import { Transform, pipeline, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import type { ReadProgress } from './read-progress.js';
import { errorText } from './safe-path.js';
import { engineNote } from '../../../shared/engine-notes.js';

/**
 * Reads a tar (or .tar.gz) archive member by member without extracting anything to disk. Regular-file
 * bodies are returned in memory, one member at a time, up to MAX_MEMBER_BYTES. A damaged archive is not
 * an exception: the members read so far stand and a final `broken` event says what went wrong.
 */

/** Larger members are drained without buffering: no image or caption in a training set is this big. */
export const MAX_MEMBER_BYTES = 64 * 1024 * 1024;

export type TarMember = {
  kind: 'member';
  name: string;
  /** tar-stream's type: 'file', 'symlink', 'link' (hard link), 'directory', … */
  type: string;
  linkname?: string;
  /** The bytes of a regular file no larger than MAX_MEMBER_BYTES. */
  body?: Buffer;
  /** Set instead of `body` when a regular file is larger than MAX_MEMBER_BYTES. */
  tooLarge?: true;
};

export type TarEvent =
  | TarMember
  /** The archive cannot be read further; `member` is the member whose body was being read, if any. */
  | { kind: 'broken'; reason: string; member?: string };

export function isGzipTar(file: string): boolean {
  return /\.(tgz|tar\.gz)$/i.test(file);
}

export async function* readTarMembers(
  file: string,
  signal?: AbortSignal,
  progress?: ReadProgress,
): AsyncGenerator<TarEvent> {
  const input = createReadStream(file);
  if (progress) input.on('data', (chunk) => (progress.done += chunk.length));
  const endWatch = new EndMarkerWatch();
  const extract = tar.extract();
  const stages: NodeJS.ReadWriteStream[] = isGzipTar(file) ? [createGunzip(), endWatch] : [endWatch];
  // pipeline() forwards an error anywhere (unreadable file, bad gzip) to `extract`, ending the loop below.
  pipeline([input, ...stages, extract], () => {});
  let members = 0;
  let reading: string | undefined;
  try {
    for await (const entry of extract) {
      const { name, size = 0, linkname } = entry.header;
      const type = entry.header.type ?? 'file';
      const isFile = type === 'file' || type === 'contiguous-file';
      const member: TarMember = { kind: 'member', name, type, linkname: linkname ?? undefined };
      reading = name;
      if (isFile && size <= MAX_MEMBER_BYTES) {
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        member.body = Buffer.concat(chunks);
      } else {
        for await (const _ of entry); // drain: tar-stream only moves on once the body is consumed
        if (isFile) member.tooLarge = true;
      }
      members++;
      reading = undefined;
      yield member;
      if (signal?.aborted) return;
    }
  } catch (err) {
    const message = errorText(err);
    yield {
      kind: 'broken',
      member: reading,
      reason: /unexpected end of (data|file)/i.test(message)
        ? engineNote('wds.tarTruncatedMember', { members })
        : engineNote('wds.tarUnreadable', { members, detail: message }),
    };
    return;
  } finally {
    input.destroy();
    extract.destroy();
  }
  if (!endWatch.sawEndMarker()) {
    yield {
      kind: 'broken',
      reason: engineNote('wds.tarNoEndMarker', { members }),
    };
  }
}

/**
 * A complete tar ends with at least two zero-filled 512-byte blocks. tar-stream accepts an archive cut
 * at a block boundary as if it were complete, so the trailing zeros are counted here to notice it.
 */
class EndMarkerWatch extends Transform {
  private trailingZeros = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let last = chunk.length - 1;
    while (last >= 0 && chunk[last] === 0) last--;
    this.trailingZeros = last < 0 ? this.trailingZeros + chunk.length : chunk.length - 1 - last;
    done(null, chunk);
  }

  sawEndMarker(): boolean {
    return this.trailingZeros >= 1024;
  }
}
