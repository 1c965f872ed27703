/**
 * A safetensors writer (the format of Hugging Face's `safetensors`): an 8-byte little-endian header length,
 * a JSON header `{name: {dtype, shape, data_offsets: [begin, end]}, __metadata__: {string: string}}` padded
 * with spaces to a multiple of 8 bytes (as the reference writer does, so the data is aligned), then the
 * tensors' raw little-endian bytes back to back, offsets counted from the end of the header. Float32 only:
 * every weight the engine trains is float32. Small enough that no dependency is needed.
 */
import { endianness } from 'node:os';

export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export function encodeSafetensors(
  tensors: readonly NamedTensor[],
  metadata: Readonly<Record<string, string>> = {},
): Buffer {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = { ...metadata };
  let offset = 0;
  for (const t of tensors) {
    if (t.name === '__metadata__' || t.name in header)
      throw new RangeError(`safetensors: duplicate or reserved tensor name ${t.name}`);
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.data.length)
      throw new RangeError(`safetensors: ${t.name} has ${t.data.length} values for shape [${t.shape.join(', ')}]`);
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + 4 * size] };
    offset += 4 * size;
  }
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded > json.length) json = Buffer.concat([json, Buffer.alloc(padded - json.length, 0x20)]);
  const out = Buffer.alloc(8 + json.length + offset);
  out.writeBigUInt64LE(BigInt(json.length), 0);
  json.copy(out, 8);
  let at = 8 + json.length;
  const littleEndian = endianness() === 'LE';
  for (const t of tensors) {
    if (littleEndian) {
      // the array's own bytes are already the file's: one copy instead of a write per value
      Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).copy(out, at);
      at += t.data.byteLength;
    } else {
      for (let i = 0; i < t.data.length; i++, at += 4) out.writeFloatLE(t.data[i], at);
    }
  }
  return out;
}
