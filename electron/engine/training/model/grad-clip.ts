import * as tf from '../../tfjs.js';
import { useFusedKernels } from '../webgpu/kernel-mode.js';
import { fusedSumOfSquares } from '../webgpu/sum-squares-kernel.js';
import { useWasmOptimizerKernels, wasmSumOfSquares } from '../wasm-optimizer-kernels.js';

/**
 * Global-norm gradient clipping as torch.nn.utils.clip_grad_norm_: when the L2 norm over all
 * gradients exceeds maxNorm, every gradient is scaled by maxNorm / (norm + 1e-6). Returns the
 * pre-clip norm (what training logs report). Runs on the device, with no read-back.
 */
export function clipByGlobalNorm(
  grads: readonly tf.Tensor[],
  maxNorm?: number,
): { clipped: tf.Tensor[]; norm: tf.Scalar } {
  return tf.tidy(() => {
    const norm = tf.sqrt(sumScalars(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
    if (maxNorm === undefined || !Number.isFinite(maxNorm)) return { clipped: grads.map((g) => tf.clone(g)), norm };
    const scale = tf.minimum(tf.div(maxNorm, tf.add(norm, 1e-6)), 1);
    return { clipped: grads.map((g) => tf.mul(g, scale)), norm };
  });
}

/**
 * The same clipping as clipByGlobalNorm, but returning the factor instead of scaled copies, for an
 * optimizer that applies it inside its own update (the fused AdamW kernel): saves one multiply
 * kernel and one gradient-sized buffer per variable (on wasm, the sum of squares is one kernel call too). scale = min(maxNorm / (norm + 1e-6), 1), or 1.
 */
export function globalNormScale(grads: readonly tf.Tensor[], maxNorm?: number): { scale: tf.Scalar; norm: tf.Scalar } {
  return tf.tidy(() => {
    const squares = useFusedKernels()
      ? fusedSumOfSquares(grads)
      : useWasmOptimizerKernels()
        ? wasmSumOfSquares(grads)
        : sumScalars(grads.map((g) => tf.sum(tf.square(g))));
    const norm = tf.sqrt(squares) as tf.Scalar;
    if (maxNorm === undefined || !Number.isFinite(maxNorm)) return { scale: tf.scalar(1), norm };
    return { scale: tf.minimum(tf.div(maxNorm, tf.add(norm, 1e-6)), 1) as tf.Scalar, norm };
  });
}

/**
 * Pairwise sum instead of tf.addN: the webgpu backend binds every addN input as a storage buffer, and
 * adapters allow as few as 8 per shader stage (Mesa lavapipe), so addN over ~60 gradients fails there.
 */
function sumScalars(values: tf.Tensor[]): tf.Tensor {
  let level = values;
  while (level.length > 1) {
    const next: tf.Tensor[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? tf.add(level[i], level[i + 1]) : level[i]);
    level = next;
  }
  return level[0] ?? tf.scalar(0);
}
