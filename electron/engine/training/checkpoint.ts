import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../../shared/errors.js';

/**
 * Checkpoint files: everything a run needs to continue exactly where it stopped — weights, optimizer
 * state, data position, RNG state and any objective state (SuperClass's running IDF) — in one file:
 *
 *   "CLPCKPT1" | u32 header length | header JSON | padding to 8 | float32 tensors back to back
 *
 * Written atomically (temporary file, fsync, rename), so a process killed mid-write (even `kill -9`) leaves
 * the previous checkpoint intact and never a half-written one under the final name.
 */
const MAGIC = 'CLPCKPT1';

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
  constructor(readonly file: string, readonly code: string | undefined, cause: unknown) {
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
    const header = Buffer.from(JSON.stringify({
      version: 1,
      step: content.step,
      meta: content.meta,
      tensors: content.tensors.map((t) => ({ name: t.name, shape: t.shape, length: t.data.length })),
    }), 'utf8');
    const prefix = Buffer.alloc(12);
    prefix.write(MAGIC, 0, 'latin1');
    prefix.writeUInt32LE(header.byteLength, 8);
    const pad = Buffer.alloc((8 - ((12 + header.byteLength) % 8)) % 8);
    fd = openSync(tmp, 'w');
    let bytes = 0;
    for (const chunk of [prefix, header, pad]) bytes += writeSync(fd, chunk);
    for (const t of content.tensors) bytes += writeSync(fd, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
    return bytes;
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

export function readCheckpoint<Meta>(file: string): CheckpointContent<Meta> {
  const buf = readFileSync(file);
  if (buf.toString('latin1', 0, 8) !== MAGIC) throw new EngineError('io', `${file} is not a CatLIP Pilot checkpoint`, { file });
  const headerLength = buf.readUInt32LE(8);
  const header = JSON.parse(buf.toString('utf8', 12, 12 + headerLength)) as {
    step: number; meta: Meta; tensors: { name: string; shape: number[]; length: number }[];
  };
  let offset = 12 + headerLength;
  offset += (8 - (offset % 8)) % 8;
  const tensors = header.tensors.map((t) => {
    const bytes = buf.subarray(offset, offset + t.length * 4);
    if (bytes.byteLength !== t.length * 4) throw new EngineError('io', `${file} is truncated (tensor ${t.name})`, { file });
    offset += bytes.byteLength;
    // copy into an aligned buffer of its own: the file buffer's offset need not be 4-aligned
    return { name: t.name, shape: t.shape, data: new Float32Array(new Uint8Array(bytes).buffer) };
  });
  return { step: header.step, meta: header.meta, tensors };
}
