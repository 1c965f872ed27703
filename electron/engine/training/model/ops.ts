/**
 * The low-level tensor functions the encoders are made of. Each is a plain function of tensors, so
 * the fused WebGPU kernels (../webgpu) slot in without touching the model code: on the webgpu
 * backend in kernel mode 'fused' (the default there), layerNorm, dense with a bias, denseActivate and
 * selfAttention dispatch them; everywhere else they are the plain tfjs compositions below, which are
 * also the reference the kernels are tested against. All are differentiable on the cpu and webgpu
 * backends.
 */
import * as tf from '../../tfjs.js';
import { useFusedKernels } from '../webgpu/kernel-mode.js';
import { fusedAttention } from '../webgpu/attention-kernel.js';
import { fusedBiasActivation } from '../webgpu/bias-activation-kernel.js';
import { columnSum } from '../webgpu/column-sum-kernel.js';
import { fusedDense } from '../webgpu/dense-kernel.js';
import { fusedLayerNorm } from '../webgpu/layer-norm-kernel.js';
import { useWasmFusedKernels, wasmLayerNorm, wasmScaledSoftmax } from '../wasm-fused-kernels.js';

/** PyTorch's LayerNorm default; CoreNet and open_clip both use it. */
export const LAYER_NORM_EPSILON = 1e-5;

export type Activation = 'gelu' | 'relu';

/** LayerNorm over the last axis (one fused kernel pair on webgpu, plain ops elsewhere). */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  if (useFusedKernels()) return fusedLayerNorm(x, gamma, beta, LAYER_NORM_EPSILON);
  if (useWasmFusedKernels()) return wasmLayerNorm(x, gamma, beta, LAYER_NORM_EPSILON);
  const axis = x.rank - 1;
  const mean = tf.mean(x, axis, true);
  const centered = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centered), axis, true);
  return tf.add(tf.mul(tf.mul(centered, tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON))), gamma), beta);
}

/** x·W (+ b) over the last axis of a tensor of any rank >= 2 (with a bias: one fused op on webgpu). */
export function dense(x: tf.Tensor, kernel: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const inDim = x.shape[x.rank - 1];
  const outDim = kernel.shape[1]!;
  const flat = tf.reshape(x, [-1, inDim]) as tf.Tensor2D;
  if (bias && useFusedKernels())
    return tf.reshape(fusedDense(flat, kernel as tf.Tensor2D, bias), [...x.shape.slice(0, -1), outDim]);
  const projected = tf.matMul(flat, kernel as tf.Tensor2D);
  const withBias = bias ? tf.add(projected, bias) : projected;
  return tf.reshape(withBias, [...x.shape.slice(0, -1), outDim]);
}

/** Exact (erf) GELU as in PyTorch's nn.GELU, which CoreNet's ViT uses; ReLU for the `probe` preset. */
export function activate(x: tf.Tensor, activation: Activation): tf.Tensor {
  if (activation === 'relu') return tf.relu(x);
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

/**
 * act(x·W + b): the MLP's first layer. On webgpu with fused kernels the bias add and activation are
 * one kernel (and one backward kernel) after the matmul; elsewhere exactly activate(dense(...)).
 */
export function denseActivate(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor, activation: Activation): tf.Tensor {
  if (!useFusedKernels()) return activate(dense(x, kernel, bias), activation);
  const inDim = x.shape[x.rank - 1];
  const projected = tf.matMul(tf.reshape(x, [-1, inDim]) as tf.Tensor2D, kernel as tf.Tensor2D);
  return tf.reshape(fusedBiasActivation(projected, bias, activation), [...x.shape.slice(0, -1), kernel.shape[1]!]);
}

/**
 * Additive mask that hides future positions: 0 on and below the diagonal, -1e9 above. A finite
 * value (not -Infinity) keeps softmax's max-subtraction free of inf - inf = NaN.
 */
export function causalMask(length: number): tf.Tensor2D {
  const values = new Float32Array(length * length);
  for (let i = 0; i < length; i++) for (let j = i + 1; j < length; j++) values[i * length + j] = -1e9;
  return tf.tensor2d(values, [length, length]);
}

/**
 * Multi-head self-attention with a fused qkv projection ([D, 3D], the q/k/v column blocks in that
 * order, heads contiguous inside each block as in PyTorch's MultiheadAttention and timm).
 */
export function selfAttention(
  x: tf.Tensor3D,
  heads: number,
  qkvKernel: tf.Tensor,
  qkvBias: tf.Tensor,
  outKernel: tf.Tensor,
  outBias: tf.Tensor,
  mask?: tf.Tensor2D,
): tf.Tensor3D {
  const [batch, length, width] = x.shape;
  const headDim = width / heads;
  const qkv = dense(x, qkvKernel, qkvBias); // [B, N, 3D]
  // fused: softmax attention straight from the packed qkv to merged heads, no layout changes
  if (useFusedKernels())
    return dense(fusedAttention(qkv as tf.Tensor3D, heads, mask), outKernel, outBias) as tf.Tensor3D;
  // [B, N, 3D] -> [B, N, 3H, hd] -> [3H, B, N, hd] (one rank-4 transpose: the wasm backend has fast
  // kernels for those, not for rank 5), whose q, k and v thirds are contiguous: three contiguous slices
  // of [H·B, N, hd] each (the batch runs head-major; merging the heads below undoes it). A split of the
  // packed last axis instead costs the wasm backend a full copy of qkv per part, and its gradient a concat.
  const heads3 = tf.reshape(tf.transpose(tf.reshape(qkv, [batch, length, 3 * heads, headDim]), [2, 0, 1, 3]), [
    3,
    heads * batch,
    length,
    headDim,
  ]);
  const [q, k, v] = [0, 1, 2].map((part) =>
    tf.reshape(tf.slice(heads3, [part, 0, 0, 0], [1, -1, -1, -1]), [heads * batch, length, headDim]),
  );
  const attended = tf.matMul(attentionWeights(q, k, headDim, mask), v as tf.Tensor3D); // [H*B, N, hd]
  const merged = tf.reshape(tf.transpose(tf.reshape(attended, [heads, batch, length, headDim]), [1, 2, 0, 3]), [
    batch,
    length,
    width,
  ]);
  return dense(merged, outKernel, outBias) as tf.Tensor3D;
}

/** softmax(q·kᵀ/√d + mask): one kernel for the scaling, mask and softmax on wasm. */
function attentionWeights(q: tf.Tensor, k: tf.Tensor, headDim: number, mask?: tf.Tensor2D): tf.Tensor3D {
  const products = tf.matMul(q as tf.Tensor3D, k as tf.Tensor3D, false, true);
  if (useWasmFusedKernels()) return wasmScaledSoftmax(products, 1 / Math.sqrt(headDim), mask) as tf.Tensor3D;
  let scores = tf.mul(products, 1 / Math.sqrt(headDim));
  if (mask) scores = tf.add(scores, mask);
  return tf.softmax(scores) as tf.Tensor3D;
}

/**
 * `t` repeated `batch` times along a new leading axis ([batch, ...t.shape]). tfjs's tile gradient is a
 * slice and an add per repetition, 2 x batch kernels (512 per step for ViT-B/16's class token at a batch
 * of 256); this one's is a single sum over the batch.
 */
export function repeatBatch(t: tf.Tensor, batch: number): tf.Tensor {
  const shape = t.shape;
  const op = tf.customGrad(((x: tf.Tensor) => ({
    value: tf.tile(tf.reshape(x, [1, ...shape]), [batch, ...shape.map(() => 1)]),
    gradFunc: (dy: tf.Tensor) => {
      const rows = tf.reshape(dy, [batch, t.size]) as tf.Tensor2D;
      return tf.reshape(useFusedKernels() ? columnSum(rows) : tf.sum(rows, 0), shape);
    },
  })) as Parameters<typeof tf.customGrad>[0]);
  return op(t);
}

/** Row-wise L2 normalisation; the epsilon only matters for an all-zero row. */
export function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.sqrt(tf.maximum(tf.sum(tf.square(x), 1, true), 1e-12)));
}

/**
 * Rows of `table` [V, W] at `indices` (int32 [M]) -> [M, W]. The gradient is a scatter-add of dy
 * into the table's rows instead of tfjs's default UnsortedSegmentSum, which the cpu backend runs
 * as one masked pass per table row (O(V·M): seconds per step for a real vocabulary).
 */
export function gatherRows(table: tf.Tensor2D, indices: tf.Tensor1D): tf.Tensor2D {
  const shape = table.shape;
  const lookup = tf.customGrad(((t: tf.Tensor, save: tf.GradSaveFunc) => {
    // Saved, not closed over: the tape frees forward intermediates before the backward pass.
    save([indices]);
    return {
      value: tf.gather(t, indices),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.scatterND(tf.reshape(saved[0], [-1, 1]), dy, shape),
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return lookup(table) as tf.Tensor2D;
}
