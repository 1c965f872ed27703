import { describe, expect, it } from 'vitest';
import { encodeSafetensors } from './safetensors.js';

describe('safetensors writer', () => {
  it('writes the header length, a space-padded JSON header and the little-endian data at the stated offsets', () => {
    const buf = encodeSafetensors(
      [
        { name: 'a', shape: [2, 2], data: Float32Array.of(1, -2, 3.5, 0.25) },
        { name: 'b.bias', shape: [3], data: Float32Array.of(7, 8, 9) },
      ],
      { format: 'pt' },
    );
    const headerLength = Number(buf.readBigUInt64LE(0));
    expect(headerLength % 8).toBe(0);
    const headerText = buf.toString('utf8', 8, 8 + headerLength);
    expect(headerText).toMatch(/^\{.*\} *$/);
    const header = JSON.parse(headerText);
    expect(header).toEqual({
      __metadata__: { format: 'pt' },
      a: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] },
      'b.bias': { dtype: 'F32', shape: [3], data_offsets: [16, 28] },
    });
    const data = 8 + headerLength;
    expect(buf.length).toBe(data + 28);
    expect([0, 4, 8, 12].map((o) => buf.readFloatLE(data + o))).toEqual([1, -2, 3.5, 0.25]);
    expect([16, 20, 24].map((o) => buf.readFloatLE(data + o))).toEqual([7, 8, 9]);
    // byte order spelled out: 1.0f is 00 00 80 3f
    expect([...buf.subarray(data, data + 4)]).toEqual([0x00, 0x00, 0x80, 0x3f]);
  });

  it('omits an empty metadata map and refuses a shape that does not fit the data or a repeated name', () => {
    const buf = encodeSafetensors([{ name: 'x', shape: [], data: Float32Array.of(2) }]);
    const header = JSON.parse(buf.toString('utf8', 8, 8 + Number(buf.readBigUInt64LE(0))));
    expect(header).toEqual({ x: { dtype: 'F32', shape: [], data_offsets: [0, 4] } });
    expect(() => encodeSafetensors([{ name: 'x', shape: [3], data: Float32Array.of(1, 2) }])).toThrow(
      /2 values for shape \[3\]/,
    );
    const t = { name: 'x', shape: [1], data: Float32Array.of(1) };
    expect(() => encodeSafetensors([t, t])).toThrow(/duplicate/);
  });
});
