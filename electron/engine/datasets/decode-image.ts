import sharp from 'sharp';

/** Default guard against decompression bombs: images above this many pixels are refused. */
export const DEFAULT_MAX_PIXELS = 100_000_000;

export interface DecodedImage {
  /** `size × size × 3` RGB bytes. */
  rgb: Buffer;
  /** Dimensions of the original image (after EXIF orientation is not applied: as stored). */
  width: number;
  height: number;
}

export class ImageRejected extends Error {}

// One decode at a time per libuv thread is what sharp is built for; sharp's own per-image thread pool would
// only oversubscribe the cores when the import pipeline already decodes several images concurrently.
sharp.concurrency(1);
sharp.cache(false);

/**
 * Decodes an image once: short side resized to `size` and the centre `size × size` region kept (what the
 * trainer's random-resized-crop then samples from), EXIF orientation applied, transparency flattened onto
 * white (emoji and logos), converted to sRGB. Throws ImageRejected with a user-facing reason.
 */
export async function decodeImage(bytes: Buffer, size: number, maxPixels = DEFAULT_MAX_PIXELS): Promise<DecodedImage> {
  let width: number | undefined;
  let height: number | undefined;
  try {
    ({ width, height } = await sharp(bytes, { limitInputPixels: false }).metadata());
  } catch (e) {
    throw new ImageRejected(`not a readable image (${cleanSharpMessage(e)})`);
  }
  if (!width || !height) throw new ImageRejected('image has no dimensions');
  if (width * height > maxPixels) {
    throw new ImageRejected(
      `image is ${width}×${height} = ${((width * height) / 1e6).toFixed(0)} MP, above the ${(maxPixels / 1e6).toFixed(0)} MP limit (decompression-bomb guard)`,
    );
  }
  try {
    const rgb = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error', sequentialRead: true })
      .rotate()
      .flatten({ background: { r: 255, g: 255, b: 255 } })
      .resize(size, size, { fit: 'cover', position: 'centre', kernel: 'lanczos3' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer();
    if (rgb.byteLength !== size * size * 3) throw new Error(`decoder returned ${rgb.byteLength} bytes`);
    return { rgb, width, height };
  } catch (e) {
    throw new ImageRejected(`corrupt or truncated image (${cleanSharpMessage(e)})`);
  }
}

function cleanSharpMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg
    .split('\n')[0]
    .replace(/^Input (buffer|file) /, '')
    .trim();
}
