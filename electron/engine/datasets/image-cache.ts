import { closeSync, existsSync, fdatasyncSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { EngineError } from '../../shared/errors.js';

/**
 * The binary image cache a trainer streams from: a 32-byte header, then one fixed-size record per image,
 * `size × size × 3` bytes of RGB (HWC, uint8). Records are addressed by index, so a batch is a few
 * positional reads — no JPEG is decoded twice. Writes are positional too: a record written by an import
 * that crashed before its database commit is simply overwritten by the next import.
 */
const MAGIC = 'CLPIMG01';
export const HEADER_BYTES = 32;
export const CHANNELS = 3;

export function recordBytes(size: number): number {
  return size * size * CHANNELS;
}

export class ImageCacheWriter {
  private readonly fd: number;
  readonly recordBytes: number;

  constructor(
    readonly file: string,
    readonly size: number,
  ) {
    this.recordBytes = recordBytes(size);
    // 'w+' only for a new file: an existing cache is extended, never truncated
    this.fd = openSync(file, existsSync(file) ? 'r+' : 'w+');
    if (fstatSync(this.fd).size === 0) writeSync(this.fd, header(size), 0, HEADER_BYTES, 0);
    else checkHeader(this.fd, file, size);
  }

  write(index: number, rgb: Uint8Array): void {
    if (rgb.byteLength !== this.recordBytes) {
      throw new Error(`image record has ${rgb.byteLength} bytes, expected ${this.recordBytes}`);
    }
    const written = writeSync(this.fd, rgb, 0, rgb.byteLength, HEADER_BYTES + index * this.recordBytes);
    if (written !== rgb.byteLength)
      throw new Error(`${this.file}: short write of record ${index} (${written} of ${rgb.byteLength} bytes)`);
  }

  /**
   * Puts the records written so far on the disk. Called before the database commit that points at them:
   * after a crash or power loss, every image row the database has then refers to bytes that are there.
   */
  sync(): void {
    fdatasyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

export class ImageCacheReader {
  private readonly fd: number;
  readonly recordBytes: number;
  readonly size: number;
  readonly count: number;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'r');
    const head = Buffer.alloc(HEADER_BYTES);
    readSync(this.fd, head, 0, HEADER_BYTES, 0);
    if (head.toString('latin1', 0, 8) !== MAGIC)
      throw new EngineError('io', `${file}: not a CatLIP Pilot image cache`, { file });
    this.size = head.readUInt32LE(8);
    this.recordBytes = recordBytes(this.size);
    this.count = Math.floor((fstatSync(this.fd).size - HEADER_BYTES) / this.recordBytes);
  }

  /** Copies record `index` into `out` at `outOffset` (so a batch buffer is filled without extra copies). */
  readInto(index: number, out: Uint8Array, outOffset = 0): void {
    if (index < 0 || index >= this.count)
      throw new RangeError(`image ${index} is not in ${this.file} (${this.count} records)`);
    const n = readSync(this.fd, out, outOffset, this.recordBytes, HEADER_BYTES + index * this.recordBytes);
    if (n !== this.recordBytes) throw new Error(`${this.file}: short read of record ${index}`);
  }

  read(index: number): Uint8Array {
    const out = new Uint8Array(this.recordBytes);
    this.readInto(index, out);
    return out;
  }

  close(): void {
    closeSync(this.fd);
  }
}

function header(size: number): Buffer {
  const h = Buffer.alloc(HEADER_BYTES);
  h.write(MAGIC, 0, 'latin1');
  h.writeUInt32LE(size, 8);
  h.writeUInt32LE(CHANNELS, 12);
  return h;
}

function checkHeader(fd: number, file: string, size: number): void {
  const head = Buffer.alloc(HEADER_BYTES);
  readSync(fd, head, 0, HEADER_BYTES, 0);
  if (head.toString('latin1', 0, 8) !== MAGIC)
    throw new EngineError('io', `${file}: not a CatLIP Pilot image cache`, { file });
  const existing = head.readUInt32LE(8);
  if (existing !== size)
    throw new EngineError('conflict', `${file} holds ${existing} px images, not ${size} px`, { file });
}
