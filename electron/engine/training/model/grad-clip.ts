import * as tf from '@tensorflow/tfjs';

/**
 * Global-norm gradient clipping as torch.nn.utils.clip_grad_norm_: when the L2 norm over all
 * gradients exceeds maxNorm, every gradient is scaled by maxNorm / (norm + 1e-6). Returns the
 * pre-clip norm (what training logs report). Runs on the device, with no read-back.
 */
export function clipByGlobalNorm(grads: readonly tf.Tensor[], maxNorm?: number): { clipped: tf.Tensor[]; norm: tf.Scalar } {
  return tf.tidy(() => {
    const norm = tf.sqrt(sumScalars(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
    if (maxNorm === undefined || !Number.isFinite(maxNorm)) return { clipped: grads.map((g) => tf.clone(g)), norm };
    const scale = tf.minimum(tf.div(maxNorm, tf.add(norm, 1e-6)), 1);
    return { clipped: grads.map((g) => tf.mul(g, scale)), norm };
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
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? tf.add(level[i], level[i + 1]) : level[i]);
    level = next;
  }
  return level[0] ?? tf.scalar(0);
}
