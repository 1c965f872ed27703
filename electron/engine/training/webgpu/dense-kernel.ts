/**
 * A dense layer with bias, x·W + b, as one op on the webgpu backend: forward is the tiled matmul with
 * the bias added in its store (tfjs's matMul + add: a second kernel and pass over the output); backward
 * is dX = dY·Wᵀ, dW = xᵀ·dY through the matmul kernel and db as one column-sum pass over dY (tfjs's add
 * gradient: a transpose of dY, then a reduction). Where matmuls stay with tfjs (software adapters) the
 * forward is tfjs's matMul + add and the backward the same.
 */
import * as tf from '../../tfjs.js';
import { columnSum } from './column-sum-kernel.js';
import { matMulBias } from './matmul-kernel.js';

/** x [rows, in] · kernel [in, out] + bias [out] (webgpu backend only). */
export function fusedDense(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor): tf.Tensor2D {
  const outDim = kernel.shape[1];
  if (bias.size !== outDim) throw new RangeError(`bias of ${bias.size} for ${outDim} outputs`);
  const op = tf.customGrad(((xIn: tf.Tensor2D, k: tf.Tensor2D, b: tf.Tensor, save: tf.GradSaveFunc) => {
    save([xIn, k]);
    return {
      value: matMulBias(xIn, k, b) ?? tf.add(tf.matMul(xIn, k), b),
      gradFunc: (dy: tf.Tensor2D, [xs, ks]: tf.Tensor[]) => [
        tf.matMul(dy, ks as tf.Tensor2D, false, true),
        tf.matMul(xs as tf.Tensor2D, dy, true, false),
        tf.reshape(columnSum(dy), b.shape),
      ],
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return op(x, kernel, bias) as tf.Tensor2D;
}
