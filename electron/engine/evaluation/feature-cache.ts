import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Frozen-encoder features of a labelled dataset's images, one file per (run checkpoint, weights, dataset)
 * under `<home>/features/`, so a linear probe at several fractions, seeds or inits encodes the images once:
 *
 *   "CLPFEAT1" | u32 header length | header JSON | padding to 4 | int32 cache indices | float32 [n, width]
 *
 * The header holds everything the features depend on; a file whose header or image list differs from the
 * request (new checkpoint, re-imported dataset, other preprocessing) is recomputed and replaced. Written to
 * a temporary file and renamed, so a killed process never leaves a half-written cache.
 */
const MAGIC = 'CLPFEAT1';

export interface FeatureKey {
  run: number;
  checkpointStep: number;
  weights: 'ema' | 'trained';
  datasetId: number;
  /** Model input side the images were resized to. */
  imageSize: number;
  /** Names the preprocessing, so a change to it invalidates old files. */
  preprocessing: string;
}

export interface CachedFeatures {
  /** Cache record index of each row, ascending. */
  cacheIndex: Int32Array;
  width: number;
  values: Float32Array;
}

export function featureCacheFile(home: string, key: FeatureKey): string {
  return path.join(
    home,
    'features',
    `run-${key.run}-step-${key.checkpointStep}-${key.weights}-dataset-${key.datasetId}.f32`,
  );
}

export function writeFeatureCache(file: string, key: FeatureKey, features: CachedFeatures): void {
  const header = Buffer.from(
    JSON.stringify({ version: 1, key, count: features.cacheIndex.length, width: features.width }),
    'utf8',
  );
  const prefix = Buffer.alloc(12);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(header.byteLength, 8);
  const pad = Buffer.alloc((4 - ((12 + header.byteLength) % 4)) % 4);
  const bytes = (a: Int32Array | Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const tmp = `${file}.tmp-${process.pid}`;
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(tmp, Buffer.concat([prefix, header, pad, bytes(features.cacheIndex), bytes(features.values)]));
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** The cached features when the file exists and was made for exactly this key and image list. */
export function readFeatureCache(file: string, key: FeatureKey, cacheIndex: Int32Array): CachedFeatures | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return undefined;
  }
  if (buf.byteLength < 12 || buf.toString('latin1', 0, 8) !== MAGIC) return undefined;
  const headerLength = buf.readUInt32LE(8);
  let header: { key: FeatureKey; count: number; width: number };
  try {
    header = JSON.parse(buf.toString('utf8', 12, 12 + headerLength));
  } catch {
    return undefined;
  }
  if (JSON.stringify(header.key) !== JSON.stringify(key) || header.count !== cacheIndex.length) return undefined;
  let offset = 12 + headerLength;
  offset += (4 - (offset % 4)) % 4;
  const total = offset + header.count * 4 + header.count * header.width * 4;
  if (buf.byteLength !== total) return undefined;
  // copies: the file buffer's offset need not be aligned for typed-array views
  const indices = new Int32Array(new Uint8Array(buf.subarray(offset, offset + header.count * 4)).buffer);
  if (indices.some((v, i) => v !== cacheIndex[i])) return undefined;
  offset += header.count * 4;
  const values = new Float32Array(new Uint8Array(buf.subarray(offset, total)).buffer);
  return { cacheIndex: indices, width: header.width, values };
}

/** Rows of `features` for the given cache indices, back to back. */
export function rowsOf(features: CachedFeatures, cacheIndex: ArrayLike<number>): Float32Array {
  const rowOf = new Map<number, number>();
  features.cacheIndex.forEach((c, r) => rowOf.set(c, r));
  const { width } = features;
  const out = new Float32Array(cacheIndex.length * width);
  for (let i = 0; i < cacheIndex.length; i++) {
    const r = rowOf.get(cacheIndex[i]);
    if (r === undefined) throw new Error(`image record ${cacheIndex[i]} has no cached features`);
    out.set(features.values.subarray(r * width, (r + 1) * width), i * width);
  }
  return out;
}
