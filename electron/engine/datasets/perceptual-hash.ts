import sharp from 'sharp';

/**
 * dHash, a 64-bit perceptual hash: the image in greyscale shrunk to 9 × 8 pixels, one bit per pair of
 * horizontal neighbours (is the left one brighter?). Resizing, re-encoding and mild colour changes keep
 * almost every bit; a different picture flips about half of them. It is computed from the image cache's
 * RGB record (the centre crop every image is stored as), so no source file has to be read again, and
 * copies that differ only in size or JPEG quality give the same crop.
 */
export async function dHash(rgb: Uint8Array, size: number): Promise<string> {
  const grey = await sharp(Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength), {
    raw: { width: size, height: size, channels: 3 },
  })
    .greyscale()
    .resize(9, 8, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  let bits = 0n;
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) bits = (bits << 1n) | (grey[y * 9 + x] > grey[y * 9 + x + 1] ? 1n : 0n);
  }
  return bits.toString(16).padStart(16, '0');
}

/** Number of differing bits between two hashes written as 16 hex digits. */
export function hammingDistance(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  while (x) {
    x &= x - 1n;
    n++;
  }
  return n;
}
