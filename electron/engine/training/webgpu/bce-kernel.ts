/**
 * Fused sigmoid binary cross-entropy with logits (CatLIP's loss), summed over classes and averaged
 * over the batch. Forward: one dispatch gives the per-row sums of
 *   max(x, 0) - x*y + log1p(exp(-|x|)),
 * then a tfjs mean; backward: one dispatch, dx = (sigmoid(x) - y) * dy / B. The tfjs composition is
 * 8 kernels forward and ~15 backward over the [B, classes] logits.
 */
import * as tf from '../../tfjs.js';
import { runProgram, WORKGROUP_INDEX, type WebGPUProgram } from './webgpu-backend.js';
import { ROW_WORKGROUP, WORKGROUP_SUM } from './wgsl-snippets.js';

const WORKGROUP = 256;

/** log(1 + v) without the cancellation of log(1 + tiny) (Goldberg's trick; WGSL has no log1p). */
const LOG1P = /* wgsl */ `
fn log1pAccurate(v : f32) -> f32 {
  let u = 1.0 + v;
  if (u == 1.0) { return v; }
  return log(u) * v / (u - 1.0);
}`;

class BceRowSumProgram implements WebGPUProgram {
  variableNames = ['logits', 'targets'];
  outputShape: number[];
  shaderKey = 'catlipBceRowSum';
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [ROW_WORKGROUP, 1, 1];
  uniforms = 'rows : i32, cols : i32,';
  constructor(rows: number) {
    this.outputShape = [rows];
    this.dispatch = [rows, 1, 1];
  }
  getUserCode(): string {
    return /* wgsl */ `
${WORKGROUP_SUM}
${LOG1P}
fn main(index : i32) {
  let row = ${WORKGROUP_INDEX};
  let base = min(row, uniforms.rows - 1) * uniforms.cols;
  var s = 0.0;
  for (var c = i32(localIndex); c < uniforms.cols; c = c + ${ROW_WORKGROUP}) {
    let x = logits[base + c];
    s = s + (max(x, 0.0) - x * targets[base + c] + log1pAccurate(exp(-abs(x))));
  }
  let total = workgroupSum(s);
  if (localIndex == 0u && row < uniforms.rows) { result[row] = total; }
}`;
  }
}

class BceGradProgram implements WebGPUProgram {
  variableNames = ['logits', 'targets', 'dy'];
  outputShape: number[];
  shaderKey = 'catlipBceGrad';
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = 'rows : i32,';
  size = true;
  constructor(shape: number[], size: number) {
    this.outputShape = shape;
    this.dispatch = [Math.ceil(size / WORKGROUP), 1, 1];
  }
  getUserCode(): string {
    return /* wgsl */ `
fn main(index : i32) {
  if (index >= uniforms.size) { return; }
  let x = logits[index];
  result[index] = (1.0 / (1.0 + exp(-x)) - targets[index]) * (dy[0] / f32(uniforms.rows));
}`;
  }
}

/** Mean over rows of the summed BCE of logits [B, C] against targets [B, C] (gradient w.r.t. logits only). */
export function fusedSigmoidBinaryCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  const [rows, cols] = logits.shape;
  const op = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    // targets are data, not a trained input: saved rather than differentiated (like gatherRows' indices)
    save([x, targets]);
    const rowSums = runProgram(
      new BceRowSumProgram(rows),
      [x, targets],
      [
        { type: 'int32', data: [rows] },
        { type: 'int32', data: [cols] },
      ],
    );
    return {
      value: tf.mean(rowSums),
      gradFunc: (dy: tf.Tensor, [xs, ys]: tf.Tensor[]) =>
        runProgram(new BceGradProgram(xs.shape, xs.size), [xs, ys, dy], [{ type: 'int32', data: [rows] }]),
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return op(logits) as tf.Scalar;
}
