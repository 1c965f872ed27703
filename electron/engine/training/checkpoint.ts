import { createHash } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { EngineError } from '../../shared/errors.js';

/**
 * Checkpoint files: everything a run needs to continue exactly where it stopped — weights, optimizer
 * state, data position, RNG state and any objective state (SuperClass's running IDF) — in one file:
 *
 *   "CLPCKPT2" | u32 header length | header JSON | padding to 8 | float32 tensors back to back | sha256 of all before
 *
 * Written atomically and durably: a temporary file whose byte count is checked, fsync, rename, fsync of the
 * folder. A process killed mid-write (even `kill -9`) leaves the previous checkpoint intact and never a
 * half-written one under the final name; a file damaged later (disk, copy) fails its checksum on reading,
 * and resume falls back to the previous checkpoint. Files of the first format (CLPCKPT1, no checksum) are
 * still read.
 */
const MAGIC = 'CLPCKPT2';
const MAGIC_V1 = 'CLPCKPT1';
const CHECKSUM_BYTES = 32;

export interface CheckpointTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface CheckpointContent<Meta> {
  step: number;
  /** Free-form JSON state: data position, RNG state, tokenizer, IDF counts, config… */
  meta: Meta;
  tensors: CheckpointTensor[];
}

export class CheckpointWriteError extends Error {
  constructor(
    readonly file: string,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(`cannot write checkpoint ${file}: ${describeWriteError(code, cause)}`);
    this.name = 'CheckpointWriteError';
  }
}

function describeWriteError(code: string | undefined, cause: unknown): string {
  if (code === 'ENOSPC') return 'the disk is full (ENOSPC); free space and resume the run';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `the folder is not writable (${code})`;
  return cause instanceof Error ? cause.message : String(cause);
}

export function writeCheckpoint<Meta>(file: string, content: CheckpointContent<Meta>): number {
  const tmp = `${file}.tmp-${process.pid}`;
  let fd: number | undefined;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const header = Buffer.from(
      JSON.stringify({
        version: 2,
        step: content.step,
        meta: content.meta,
        tensors: content.tensors.map((t) => ({ name: t.name, shape: t.shape, length: t.data.length })),
      }),
      'utf8',
    );
    const prefix = Buffer.alloc(12);
    prefix.write(MAGIC, 0, 'latin1');
    prefix.writeUInt32LE(header.byteLength, 8);
    const pad = Buffer.alloc((8 - ((12 + header.byteLength) % 8)) % 8);
    const chunks = [
      prefix,
      header,
      pad,
      ...content.tensors.map((t) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)),
    ];
    const hash = createHash('sha256');
    for (const chunk of chunks) hash.update(chunk);
    chunks.push(hash.digest());
    const expected = chunks.reduce((n, c) => n + c.byteLength, 0);
    fd = openSync(tmp, 'w');
    for (const chunk of chunks) writeAll(fd, chunk);
    fsyncSync(fd);
    const onDisk = fstatSync(fd).size;
    if (onDisk !== expected) throw new Error(`wrote ${onDisk} bytes, expected ${expected}`);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
    syncFolder(path.dirname(file));
    return expected;
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the folder itself is unusable: nothing was written there
    }
    throw new CheckpointWriteError(file, (e as NodeJS.ErrnoException).code, e);
  }
}

/** writeSync may write less than asked (a signal, a full pipe): loop until every byte is out. */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.byteLength;) {
    const n = writeSync(fd, bytes, done, bytes.byteLength - done);
    if (n <= 0) throw new Error(`write returned ${n}`);
    done += n;
  }
}

/** The rename itself is durable only once the folder's entry is on the disk. */
export function syncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class CheckpointDamagedError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file} is damaged: ${reason}`);
    this.name = 'CheckpointDamagedError';
  }
}

export function readCheckpoint<Meta>(file: string): CheckpointContent<Meta> {
  const buf = readFileSync(file);
  const magic = buf.toString('latin1', 0, 8);
  if (magic !== MAGIC && magic !== MAGIC_V1)
    throw new EngineError('io', `${file} is not a CatLIP Pilot checkpoint`, { file });
  let end = buf.byteLength;
  if (magic === MAGIC) {
    if (buf.byteLength < 12 + CHECKSUM_BYTES) throw new CheckpointDamagedError(file, `only ${buf.byteLength} bytes`);
    end -= CHECKSUM_BYTES;
    const sum = createHash('sha256').update(buf.subarray(0, end)).digest();
    if (!sum.equals(buf.subarray(end)))
      throw new CheckpointDamagedError(file, 'checksum mismatch (truncated or changed after writing)');
  }
  const headerLength = buf.readUInt32LE(8);
  let header: { step: number; meta: Meta; tensors: { name: string; shape: number[]; length: number }[] };
  try {
    header = JSON.parse(buf.toString('utf8', 12, 12 + headerLength));
  } catch (e) {
    throw new CheckpointDamagedError(file, `unreadable header (${(e as Error).message})`);
  }
  let offset = 12 + headerLength;
  offset += (8 - (offset % 8)) % 8;
  const tensors = header.tensors.map((t) => {
    const bytes = buf.subarray(offset, Math.min(end, offset + t.length * 4));
    if (bytes.byteLength !== t.length * 4) throw new CheckpointDamagedError(file, `truncated (tensor ${t.name})`);
    offset += bytes.byteLength;
    // copy into an aligned buffer of its own: the file buffer's offset need not be 4-aligned
    return { name: t.name, shape: t.shape, data: new Float32Array(new Uint8Array(bytes).buffer) };
  });
  if (offset !== end) throw new CheckpointDamagedError(file, `${end - offset} bytes after the last tensor`);
  return { step: header.step, meta: header.meta, tensors };
}
