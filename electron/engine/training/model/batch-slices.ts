/**
 * Gradient accumulation over slices of a batch, for a backend whose memory cannot hold a whole batch's
 * activations: the wasm backend's heap stops at 4 GiB, and the probe config's encoder keeps about
 * 18 MB of activations per image for the backward pass (≈4.5 GB at its batch of 256), which aborts
 * the wasm module. For objectives whose loss is a mean of per-image terms (CatLIP's BCE, SuperClass's
 * soft cross-entropy) the batch's loss and gradient are the size-weighted means of its slices', so a
 * step over slices is the same step (sums in another order). CLIP's loss couples every pair in the
 * batch, so it is never sliced.
 */
import type { AnyPretrainingModel, ImageBatch, PretrainingModel } from './objective-types.js';
import * as tf from '../../tfjs.js';
import { mlpWidth } from './transformer.js';
import { tokenCount } from './vit.js';

/** Step memory one slice may take on the wasm backend (leaves room under 2 GiB for weights, moments and fragmentation). */
export const WASM_SLICE_BYTES = 1.5 * 1024 ** 3;

/** Objectives whose loss is a batch mean of per-image terms. */
export function separableLoss(objective: AnyPretrainingModel['objective']): boolean {
  return objective === 'catlip' || objective === 'superclass';
}

/**
 * Bytes of memory per image that a training step of the image encoder takes at its peak: 18 width-sized
 * and 3 MLP-sized float32 tensors per token per block are kept for the backward pass, and the measured
 * peak on the wasm backend is about 4.5 times that (gradients in flight, XNNPACK's packed operands,
 * allocator slack): 80 MB per probe image, against 78 MB measured.
 */
export function activationBytesPerImage(model: Pick<PretrainingModel<ImageBatch>, 'encoder'>): number {
  const e = model.encoder;
  const hidden = mlpWidth({
    width: e.width,
    depth: e.depth,
    heads: e.heads,
    mlpRatio: e.mlpRatio,
    activation: e.activation ?? 'gelu',
  });
  return tokenCount(e) * e.depth * (18 * e.width + 3 * hidden) * 4 * PEAK_FACTOR;
}

/** Measured peak step memory over the activations kept for the backward pass (wasm, probe config). */
const PEAK_FACTOR = 4.5;

/** [start, size] of each slice: as few as keep each under `maxBytes`, sizes differing by at most one. */
export function batchSlices(batchSize: number, bytesPerImage: number, maxBytes: number): [number, number][] {
  const perSlice = Math.max(1, Math.floor(maxBytes / bytesPerImage));
  const count = Math.ceil(batchSize / perSlice);
  const slices: [number, number][] = [];
  for (let i = 0, start = 0; i < count; i++) {
    const size = Math.floor(batchSize / count) + (i < batchSize % count ? 1 : 0);
    slices.push([start, size]);
    start += size;
  }
  return slices;
}

/** Images [start, start + size) of a batch with their labels, tokens or any other per-image list. */
export function sliceBatch<B extends ImageBatch>(batch: B, start: number, size: number): B {
  const part: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(batch)) {
    if (key === 'images') part.images = tf.slice(batch.images, [start, 0, 0, 0], [size, -1, -1, -1]);
    else if (Array.isArray(value) && value.length === batch.images.shape[0])
      part[key] = value.slice(start, start + size);
    else part[key] = value;
  }
  return part as B;
}
