/**
 * The three pre-training losses as functions of logits, so they can be checked against hand
 * computations and finite differences independently of any model.
 */
import * as tf from '../../tfjs.js';
import { fusedSigmoidBinaryCrossEntropy } from '../webgpu/bce-kernel.js';
import { useFusedKernels } from '../webgpu/kernel-mode.js';
import { useWasmFusedKernels, wasmSigmoidBce } from '../wasm-fused-kernels.js';

/**
 * CatLIP: sigmoid binary cross-entropy with logits, summed over classes and averaged over the batch
 * (CoreNet's `binary_cross_entropy` with reduction "batch_mean"). Stable form
 *   max(x, 0) - x*y + log(1 + exp(-|x|)),
 * whose autodiff gradient is exactly sigmoid(x) - y and never overflows for large |x|.
 */
export function sigmoidBinaryCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  if (useFusedKernels()) return fusedSigmoidBinaryCrossEntropy(logits, targets);
  if (useWasmFusedKernels()) return wasmSigmoidBce(logits, targets);
  const perElement = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, targets)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
  return tf.mean(tf.sum(perElement, 1));
}

/** Mean cross-entropy of each row of logits [B, B] against the diagonal (matching pair) class. */
function diagonalCrossEntropy(logits: tf.Tensor2D): tf.Scalar {
  const n = logits.shape[0];
  return tf.neg(tf.div(tf.sum(tf.mul(tf.logSoftmax(logits), tf.eye(n))), n)) as tf.Scalar;
}

/**
 * CLIP: symmetric InfoNCE over a [B, B] image-text similarity matrix already multiplied by the
 * temperature (row i = image i, column j = text j): mean of the image->text and text->image
 * cross-entropies with the matching pairs on the diagonal.
 */
export function symmetricInfoNce(logitsPerImage: tf.Tensor2D): tf.Scalar {
  if (logitsPerImage.shape[0] !== logitsPerImage.shape[1])
    throw new RangeError('InfoNCE needs a square similarity matrix');
  return tf.div(
    tf.add(diagonalCrossEntropy(logitsPerImage), diagonalCrossEntropy(tf.transpose(logitsPerImage))),
    2,
  ) as tf.Scalar;
}

/**
 * SuperClass: softmax cross-entropy against soft targets (rows already L1-normalised, an all-zero
 * row contributes 0), averaged over the batch.
 */
export function softTargetCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1))) as tf.Scalar;
}

/**
 * Dense [rows, columns] target matrix from sparse (row, column, value) entries, built on the device
 * with scatterND: only the entries are uploaded, never a B x V matrix. Entries must be unique
 * (scatterND adds duplicates).
 */
export function sparseToDense(
  rows: number,
  columns: number,
  entries: { indices: Int32Array; values: Float32Array },
): tf.Tensor2D {
  if (entries.values.length === 0) return tf.zeros([rows, columns]);
  return tf.tidy(() =>
    tf.scatterND(
      tf.tensor2d(entries.indices, [entries.values.length, 2], 'int32'),
      tf.tensor1d(entries.values, 'float32'),
      [rows, columns],
    ),
  ) as tf.Tensor2D;
}

/** Multi-hot [B, numClasses] targets from each image's class indices (duplicates collapse to 1). */
export function multiHot(labels: ReadonlyArray<ArrayLike<number>>, numClasses: number): tf.Tensor2D {
  const indices: number[] = [];
  labels.forEach((row, r) => {
    const seen = new Set<number>();
    for (let i = 0; i < row.length; i++) {
      const c = row[i];
      if (!Number.isInteger(c) || c < 0 || c >= numClasses)
        throw new RangeError(`label ${c} outside [0, ${numClasses})`);
      if (!seen.has(c)) {
        seen.add(c);
        indices.push(r, c);
      }
    }
  });
  return sparseToDense(labels.length, numClasses, {
    indices: Int32Array.from(indices),
    values: new Float32Array(indices.length / 2).fill(1),
  });
}
