/**
 * Fused LayerNorm over the last axis, forward and backward, as a tf.customGrad op. The tfjs
 * composition (mean, sub, square, mean, add, rsqrt, mul, mul, add) is ~9 kernels forward and ~25
 * backward, with a full-size buffer each; here forward is 2 dispatches (row statistics, then the
 * normalisation) and backward 4 (dx, per-chunk gamma/beta partial sums, their sum, the split).
 * The statistics are computed in two passes (mean, then mean of squared deviations) as the
 * reference does, and kept for the backward pass instead of recomputed.
 */
import * as tf from '../../tfjs.js';
import { columnSum } from './column-sum-kernel.js';
import { runProgram, WORKGROUP_INDEX, type WebGPUProgram } from './webgpu-backend.js';
import { ROW_WORKGROUP, WORKGROUP_SUM } from './wgsl-snippets.js';

const ELEMENTWISE_WORKGROUP = 256;

function rowUniforms(rows: number, cols: number) {
  return [
    { type: 'int32' as const, data: [rows] },
    { type: 'int32' as const, data: [cols] },
  ];
}

/**
 * The opening of a one-workgroup-per-row program over x viewed as [rows, cols]: this workgroup's row,
 * clamped for padding workgroups (`row < uniforms.rows` masks their stores), and the invocation's lane.
 */
const ROW_OPENING = /* wgsl */ `  let row = ${WORKGROUP_INDEX};
  let r = min(row, uniforms.rows - 1);
  let cols = uniforms.cols;
  let base = r * cols;
  let lid = i32(localIndex);`;

/** stats[r] = (mean, 1/sqrt(var + eps)) of row r of x viewed as [rows, cols]. */
class LayerNormStatsProgram implements WebGPUProgram {
  variableNames = ['x'];
  outputShape: number[];
  shaderKey = 'catlipLayerNormStats';
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [ROW_WORKGROUP, 1, 1];
  uniforms = 'rows : i32, cols : i32, epsilon : f32,';
  constructor(rows: number) {
    this.outputShape = [rows, 2];
    this.dispatch = [rows, 1, 1];
  }
  getUserCode(): string {
    return /* wgsl */ `
${WORKGROUP_SUM}
fn main(index : i32) {
${ROW_OPENING}
  var s = 0.0;
  for (var c = lid; c < cols; c = c + ${ROW_WORKGROUP}) { s = s + x[base + c]; }
  let mean = workgroupSum(s) / f32(cols);
  var q = 0.0;
  for (var c = lid; c < cols; c = c + ${ROW_WORKGROUP}) { let d = x[base + c] - mean; q = q + d * d; }
  let variance = workgroupSum(q) / f32(cols);
  if (lid == 0 && row < uniforms.rows) {
    result[2 * row] = mean;
    result[2 * row + 1] = inverseSqrt(variance + uniforms.epsilon);
  }
}`;
  }
}

/** y = (x - mean) * rstd * gamma + beta, elementwise. */
class LayerNormApplyProgram implements WebGPUProgram {
  variableNames = ['x', 'stats', 'gamma', 'beta'];
  outputShape: number[];
  shaderKey = 'catlipLayerNormApply';
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [ELEMENTWISE_WORKGROUP, 1, 1];
  uniforms = 'rows : i32, cols : i32,';
  size = true;
  constructor(shape: number[], size: number) {
    this.outputShape = shape;
    this.dispatch = [Math.ceil(size / ELEMENTWISE_WORKGROUP), 1, 1];
  }
  getUserCode(): string {
    return /* wgsl */ `
fn main(index : i32) {
  if (index >= uniforms.size) { return; }
  let row = index / uniforms.cols;
  let c = index - row * uniforms.cols;
  result[index] = (x[index] - stats[2 * row]) * stats[2 * row + 1] * gamma[c] + beta[c];
}`;
  }
}

/** dx = rstd * (g - mean(g) - xhat * mean(g * xhat)), g = dy * gamma, one workgroup per row. */
class LayerNormInputGradProgram implements WebGPUProgram {
  variableNames = ['x', 'stats', 'gamma', 'dy'];
  outputShape: number[];
  shaderKey = 'catlipLayerNormInputGrad';
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [ROW_WORKGROUP, 1, 1];
  uniforms = 'rows : i32, cols : i32,';
  constructor(shape: number[], rows: number) {
    this.outputShape = shape;
    this.dispatch = [rows, 1, 1];
  }
  getUserCode(): string {
    return /* wgsl */ `
${WORKGROUP_SUM}
fn main(index : i32) {
${ROW_OPENING}
  let mean = stats[2 * r];
  let rstd = stats[2 * r + 1];
  var sg = 0.0;
  var sgx = 0.0;
  for (var c = lid; c < cols; c = c + ${ROW_WORKGROUP}) {
    let g = dy[base + c] * gamma[c];
    sg = sg + g;
    sgx = sgx + g * (x[base + c] - mean) * rstd;
  }
  let meanG = workgroupSum(sg) / f32(cols);
  let meanGX = workgroupSum(sgx) / f32(cols);
  if (row < uniforms.rows) {
    for (var c = lid; c < cols; c = c + ${ROW_WORKGROUP}) {
      let xhat = (x[base + c] - mean) * rstd;
      result[base + c] = rstd * (dy[base + c] * gamma[c] - meanG - xhat * meanGX);
    }
  }
}`;
  }
}

/** Tile of the gamma/beta gradient reduction: 16 columns x 16 row lanes, reads coalesced along a row. */
const PARAM_TILE = 16;
/** Row chunks reduced in parallel (their partial sums are added by one tfjs sum). */
const PARAM_CHUNKS = 32;

/** partial[chunk, 0, c] = sum dy * xhat, partial[chunk, 1, c] = sum dy over the chunk's rows. */
class LayerNormParamGradProgram implements WebGPUProgram {
  variableNames = ['x', 'stats', 'dy'];
  outputShape: number[];
  shaderKey = 'catlipLayerNormParamGrad';
  dispatchLayout = { x: [1], y: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [PARAM_TILE, PARAM_TILE, 1];
  uniforms = 'rows : i32, cols : i32, rowsPerChunk : i32,';
  constructor(chunks: number, cols: number) {
    this.outputShape = [chunks, 2, cols];
    this.dispatch = [Math.ceil(cols / PARAM_TILE), chunks, 1];
  }
  getUserCode(): string {
    return /* wgsl */ `
var<workgroup> tileG : array<f32, ${PARAM_TILE * PARAM_TILE}>;
var<workgroup> tileB : array<f32, ${PARAM_TILE * PARAM_TILE}>;
fn main() {
  let cols = uniforms.cols;
  let c = i32(workgroupId.x) * ${PARAM_TILE} + i32(localId.x);
  let chunk = i32(workgroupId.y);
  let start = chunk * uniforms.rowsPerChunk;
  let end = min(start + uniforms.rowsPerChunk, uniforms.rows);
  var sg = 0.0;
  var sb = 0.0;
  if (c < cols) {
    for (var r = start + i32(localId.y); r < end; r = r + ${PARAM_TILE}) {
      let d = dy[r * cols + c];
      sg = sg + d * (x[r * cols + c] - stats[2 * r]) * stats[2 * r + 1];
      sb = sb + d;
    }
  }
  let slot = localId.y * ${PARAM_TILE}u + localId.x;
  tileG[slot] = sg;
  tileB[slot] = sb;
  workgroupBarrier();
  for (var s = ${PARAM_TILE / 2}u; s > 0u; s = s >> 1u) {
    if (localId.y < s) {
      tileG[slot] = tileG[slot] + tileG[slot + s * ${PARAM_TILE}u];
      tileB[slot] = tileB[slot] + tileB[slot + s * ${PARAM_TILE}u];
    }
    workgroupBarrier();
  }
  if (localId.y == 0u && c < cols) {
    result[(chunk * 2) * cols + c] = tileG[localId.x];
    result[(chunk * 2 + 1) * cols + c] = tileB[localId.x];
  }
}`;
  }
}

/** LayerNorm over the last axis of x with the fused kernels (webgpu backend only). */
export function fusedLayerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  const cols = x.shape[x.rank - 1];
  const rows = x.size / cols;
  const op = tf.customGrad(((xIn: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const stats = runProgram(
      new LayerNormStatsProgram(rows),
      [xIn],
      [...rowUniforms(rows, cols), { type: 'float32', data: [epsilon] }],
    );
    const y = runProgram(new LayerNormApplyProgram(xIn.shape, xIn.size), [xIn, stats, g, b], rowUniforms(rows, cols));
    save([xIn, g, stats]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, gs, st] = saved;
        const dx = runProgram(new LayerNormInputGradProgram(xs.shape, rows), [xs, st, gs, dy], rowUniforms(rows, cols));
        const chunks = Math.max(1, Math.min(PARAM_CHUNKS, Math.ceil(rows / PARAM_TILE)));
        const rowsPerChunk = Math.ceil(rows / chunks);
        const partial = runProgram(
          new LayerNormParamGradProgram(chunks, cols),
          [xs, st, dy],
          [...rowUniforms(rows, cols), { type: 'int32', data: [rowsPerChunk] }],
        );
        // partial is [chunks, 2, cols]: sum the chunks in place (tf.sum over axis 0 transposes first)
        const [dGamma, dBeta] = tf.split(columnSum(tf.reshape(partial, [chunks, 2 * cols]) as tf.Tensor2D), 2);
        return [dx, dGamma, dBeta];
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return op(x, gamma, beta);
}
