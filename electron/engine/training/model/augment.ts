/**
 * Training-time image augmentation and normalisation, in plain JS over the image cache's uint8 HWC
 * records: random-resized-crop + horizontal flip (the paper's ImageNet-style recipe minus
 * RangeAugment and variable resolution) for training, a deterministic full-image resize for
 * evaluation. Output: float32 [B, S, S, 3], normalised per channel.
 *
 * Crop and resize are done in JS rather than with tf.image.cropAndResize: on the tfjs cpu backend
 * (B=32, 64 -> 32 px, 2-core machine) the JS path took 2.2-3.7 ms per batch against 8-11 ms
 * (scripts/augment-speed.ts); it also gives the same floats on every backend, and only the
 * finished batch is uploaded.
 *
 * Resizing is bilinear with half-pixel centres (PyTorch align_corners=False) and no anti-aliasing,
 * so strong down-scaling aliases; at pilot sizes (64 -> 32 px) that is a factor of <= 2.
 */
import * as tf from '../../tfjs.js';
import type { Rng } from './rng.js';

export interface CropRange {
  /** Crop area as a fraction of the image area, sampled uniformly. */
  scale: [number, number];
  /** Crop aspect ratio (w/h), sampled log-uniformly. */
  ratio: [number, number];
}

/** torchvision's RandomResizedCrop defaults, as in the paper's ImageNet-style recipe. */
export const IMAGENET_CROP: CropRange = { scale: [0.08, 1], ratio: [3 / 4, 4 / 3] };
/**
 * Milder range for tiny images (<= 64 px): a 0.08 crop of a 32 px image keeps ~9x9 source pixels,
 * which leaves too little of the object to match its caption; 0.35 keeps >= 19x19.
 */
export const SMALL_IMAGE_CROP: CropRange = { scale: [0.35, 1], ratio: [3 / 4, 4 / 3] };

export interface Normalization {
  mean: [number, number, number];
  std: [number, number, number];
}

/** ImageNet statistics on [0, 1] pixel values. */
export const IMAGENET_NORMALIZATION: Normalization = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

export interface AugmentOptions {
  /** Output side S. */
  size: number;
  crop?: CropRange;
  /** Probability of a horizontal flip; default 0.5. */
  flipProbability?: number;
  normalization?: Normalization;
}

/** A crop window in source pixels and whether to mirror it. */
export interface CropBox {
  top: number;
  left: number;
  height: number;
  width: number;
  flip: boolean;
}

/** Side of a square uint8 RGB record. */
export function recordSide(record: Uint8Array): number {
  const side = Math.round(Math.sqrt(record.length / 3));
  if (side * side * 3 !== record.length)
    throw new RangeError(`record of ${record.length} bytes is not a square RGB image`);
  return side;
}

/**
 * torchvision's RandomResizedCrop.get_params: up to 10 tries of (area, log-ratio) that fit, else
 * the whole image clamped to the ratio range, centred.
 */
export function sampleCrop(side: number, rng: Rng, crop: CropRange): Omit<CropBox, 'flip'> {
  const area = side * side;
  const logRatio = [Math.log(crop.ratio[0]), Math.log(crop.ratio[1])];
  for (let attempt = 0; attempt < 10; attempt++) {
    const targetArea = area * rng.uniform(crop.scale[0], crop.scale[1]);
    const aspect = Math.exp(rng.uniform(logRatio[0], logRatio[1]));
    const width = Math.round(Math.sqrt(targetArea * aspect));
    const height = Math.round(Math.sqrt(targetArea / aspect));
    if (width > 0 && width <= side && height > 0 && height <= side) {
      return { top: rng.int(side - height + 1), left: rng.int(side - width + 1), height, width };
    }
  }
  // Square source: the fallback is the whole image when 1 lies inside the ratio range.
  const ratio = Math.min(Math.max(1, crop.ratio[0]), crop.ratio[1]);
  const width = ratio <= 1 ? Math.round(side * ratio) : side;
  const height = ratio <= 1 ? side : Math.round(side / ratio);
  return { top: Math.floor((side - height) / 2), left: Math.floor((side - width) / 2), height, width };
}

/**
 * Bilinear resize of the crop box of one record into `out` at `offset` ([S, S, 3]), normalising
 * on the way (normalisation is affine, so it commutes with interpolation).
 */
export function resizeCropInto(
  record: Uint8Array,
  side: number,
  box: CropBox,
  size: number,
  normalization: Normalization,
  out: Float32Array,
  offset: number,
): void {
  const ys = samplePositions(box.top, box.height, size);
  const xs = samplePositions(box.left, box.width, size);
  if (box.flip) xs.reverse();
  // Column offsets and weights once per image, channel loop unrolled: the same arithmetic in the same
  // order as the per-pixel form (bit-identical floats), faster (a probe batch, 256 images at 64 px, on the
  // 2-core development machine, scripts/augment-speed.ts: median ~46 -> ~32 ms).
  const col0 = new Int32Array(size);
  const col1 = new Int32Array(size);
  const wx = new Float64Array(size);
  for (let ox = 0; ox < size; ox++) {
    col0[ox] = xs[ox].i0 * 3;
    col1[ox] = xs[ox].i1 * 3;
    wx[ox] = xs[ox].w;
  }
  const [scale0, scale1, scale2] = normalization.std.map((s) => 1 / (255 * s));
  const [shift0, shift1, shift2] = normalization.mean.map((m, c) => -m / normalization.std[c]);
  const rowStride = side * 3;
  let o = offset;
  for (let oy = 0; oy < size; oy++) {
    const y = ys[oy];
    const r0 = y.i0 * rowStride;
    const r1 = y.i1 * rowStride;
    const wy = y.w;
    const vy = 1 - wy;
    for (let ox = 0; ox < size; ox++) {
      const w = wx[ox];
      const v = 1 - w;
      const a = r0 + col0[ox];
      const b = r0 + col1[ox];
      const c = r1 + col0[ox];
      const d = r1 + col1[ox];
      out[o++] = ((record[a] * v + record[b] * w) * vy + (record[c] * v + record[d] * w) * wy) * scale0 + shift0;
      out[o++] =
        ((record[a + 1] * v + record[b + 1] * w) * vy + (record[c + 1] * v + record[d + 1] * w) * wy) * scale1 + shift1;
      out[o++] =
        ((record[a + 2] * v + record[b + 2] * w) * vy + (record[c + 2] * v + record[d + 2] * w) * wy) * scale2 + shift2;
    }
  }
}

interface Sample {
  i0: number;
  i1: number;
  w: number;
}

/** Half-pixel-centre source positions for `size` outputs over [start, start + length), clamped to the box. */
function samplePositions(start: number, length: number, size: number): Sample[] {
  const samples: Sample[] = [];
  const last = start + length - 1;
  for (let o = 0; o < size; o++) {
    const s = Math.min(Math.max(start + ((o + 0.5) * length) / size - 0.5, start), last);
    const i0 = Math.floor(s);
    samples.push({ i0, i1: Math.min(i0 + 1, last), w: s - i0 });
  }
  return samples;
}

/** Random-resized-crop + flip of every record into a float32 [B*S*S*3] array (training mode). */
export function augmentBatchArray(records: readonly Uint8Array[], rng: Rng, options: AugmentOptions): Float32Array {
  const { size } = options;
  const crop = options.crop ?? IMAGENET_CROP;
  const flipProbability = options.flipProbability ?? 0.5;
  const normalization = options.normalization ?? IMAGENET_NORMALIZATION;
  const out = new Float32Array(records.length * size * size * 3);
  records.forEach((record, i) => {
    const side = recordSide(record);
    // Crop first, then flip, as torchvision's transform order; both draws come from the one stream.
    const box = { ...sampleCrop(side, rng, crop), flip: rng.next() < flipProbability };
    resizeCropInto(record, side, box, size, normalization, out, i * size * size * 3);
  });
  return out;
}

/** Whole-image resize to S with no randomness (evaluation mode), float32 [B*S*S*3]. */
export function evalBatchArray(
  records: readonly Uint8Array[],
  options: Pick<AugmentOptions, 'size' | 'normalization'>,
): Float32Array {
  const { size } = options;
  const normalization = options.normalization ?? IMAGENET_NORMALIZATION;
  const out = new Float32Array(records.length * size * size * 3);
  records.forEach((record, i) => {
    const side = recordSide(record);
    resizeCropInto(
      record,
      side,
      { top: 0, left: 0, height: side, width: side, flip: false },
      size,
      normalization,
      out,
      i * size * size * 3,
    );
  });
  return out;
}

/** Training batch as a tensor [B, S, S, 3]; the caller disposes it. */
export function augmentBatch(records: readonly Uint8Array[], rng: Rng, options: AugmentOptions): tf.Tensor4D {
  return tf.tensor4d(augmentBatchArray(records, rng, options), [records.length, options.size, options.size, 3]);
}

/** Evaluation batch as a tensor [B, S, S, 3]; the caller disposes it. */
export function evalBatch(
  records: readonly Uint8Array[],
  options: Pick<AugmentOptions, 'size' | 'normalization'>,
): tf.Tensor4D {
  return tf.tensor4d(evalBatchArray(records, options), [records.length, options.size, options.size, 3]);
}
