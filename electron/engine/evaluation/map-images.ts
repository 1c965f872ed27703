import * as tf from '../tfjs.js';
import type { ImageCacheReader } from '../datasets/image-cache.js';
import { evalBatch } from '../training/model/augment.js';

export interface ExtractOptions {
  /** Model input side S: each record is resized whole to S × S (evaluation mode, no crop or flip). */
  imageSize: number;
  batchSize?: number;
  onBatch?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export const FEATURE_BATCH = 64;

/**
 * Runs `forward` over the images at `cacheIndex` in batches and returns its rows back to back
 * ([n, width] row-major). Each batch is read back with `await data()`: the webgpu backend cannot read
 * synchronously in Node, and awaiting lets progress and cancellation through between batches.
 */
export async function mapImages(
  cache: ImageCacheReader,
  cacheIndex: ArrayLike<number>,
  forward: (images: tf.Tensor4D) => tf.Tensor2D,
  options: ExtractOptions,
): Promise<{ values: Float32Array; width: number }> {
  const n = cacheIndex.length;
  const batchSize = options.batchSize ?? FEATURE_BATCH;
  let values = new Float32Array(0);
  let width = 0;
  for (let start = 0; start < n; start += batchSize) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('cancelled');
    const records = Array.from({ length: Math.min(batchSize, n - start) }, (_, i) => cache.read(cacheIndex[start + i]));
    const out = tf.tidy(() => {
      const images = evalBatch(records, { size: options.imageSize });
      return forward(images);
    });
    try {
      if (start === 0) {
        width = out.shape[1];
        values = new Float32Array(n * width);
      }
      values.set((await out.data()) as Float32Array, start * width);
    } finally {
      out.dispose();
    }
    options.onBatch?.(Math.min(n, start + batchSize), n);
  }
  return { values, width };
}
