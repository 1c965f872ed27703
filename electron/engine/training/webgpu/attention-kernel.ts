/**
 * Fused multi-head self-attention core: from the packed qkv projection [B, N, 3D] (q, k, v column
 * blocks, heads contiguous inside each, as model/ops.ts lays them out) straight to the merged head
 * outputs [B, N, D], with no transposes, unstacks or separate softmax kernels. Forward is two
 * dispatches (softmax probabilities, then P·V written in merged layout), backward two (the score
 * gradient with the softmax Jacobian applied, then dq, dk and dv written back into qkv layout).
 *
 * Straightforward per-element loops over the N keys rather than tiled matmuls: at the probe's
 * N = 64 the work per element is small, and what the tfjs path pays for is the ~25 dispatches and
 * full-size intermediates around the two matmuls, not the arithmetic. Untuned on a real GPU.
 */
import * as tf from '@tensorflow/tfjs';
import { runProgram, WORKGROUP_INDEX, type ProgramUniform, type WebGPUProgram } from './webgpu-backend.js';
import { ROW_WORKGROUP, WORKGROUP_SUM } from './wgsl-snippets.js';

const ELEMENTWISE_WORKGROUP = 256;

const UNIFORMS = 'batch : i32, tokens : i32, heads : i32, headDim : i32, width : i32, scale : f32,';

interface Dims {
  batch: number;
  tokens: number;
  heads: number;
  headDim: number;
  width: number;
}

function uniformsOf(d: Dims): ProgramUniform {
  return [
    ...[d.batch, d.tokens, d.heads, d.headDim, d.width].map((v) => ({ type: 'int32' as const, data: [v] })),
    { type: 'float32', data: [1 / Math.sqrt(d.headDim)] },
  ];
}

/**
 * The opening of a one-workgroup-per-score-row program: this workgroup's row (b, h, i) of the [B, H, N, N]
 * scores, clamped for the padding workgroups (`valid` false), and the invocation's lane `lid`.
 */
const SCORE_ROW = /* wgsl */ `  let N = uniforms.tokens;
  let rowCount = uniforms.batch * uniforms.heads * N;
  let row = ${WORKGROUP_INDEX};
  let valid = row < rowCount;
  let r = min(row, rowCount - 1);
  let i = r % N;
  let h = (r / N) % uniforms.heads;
  let b = r / (N * uniforms.heads);
  let lid = i32(localIndex);`;

/** WGSL index helpers over qkv [B, N, 3D] and a [B, H, N, N] score matrix. */
const INDEXING = /* wgsl */ `
fn qkvIndex(b : i32, n : i32, part : i32, h : i32, d : i32) -> i32 {
  return (b * uniforms.tokens + n) * 3 * uniforms.width + part * uniforms.width + h * uniforms.headDim + d;
}
fn scoreIndex(b : i32, h : i32, i : i32, j : i32) -> i32 {
  return ((b * uniforms.heads + h) * uniforms.tokens + i) * uniforms.tokens + j;
}`;

/** A program writing the [B, H, N, N] scores with one workgroup per score row (b, h, i); see SCORE_ROW. */
abstract class ScoreRowProgram implements WebGPUProgram {
  abstract variableNames: string[];
  abstract shaderKey: string;
  outputShape: number[];
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [ROW_WORKGROUP, 1, 1];
  uniforms = UNIFORMS;
  constructor(d: Dims) {
    this.outputShape = [d.batch, d.heads, d.tokens, d.tokens];
    this.dispatch = [d.batch * d.heads * d.tokens, 1, 1];
  }
  abstract getUserCode(): string;
}

/** P[b, h, i, :] = softmax(scale * q_i · k_j + mask[i, j]); one workgroup per (b, h, i). */
class AttentionProbsProgram extends ScoreRowProgram {
  variableNames: string[];
  shaderKey: string;
  constructor(d: Dims, private readonly masked: boolean) {
    super(d);
    this.variableNames = masked ? ['qkv', 'mask'] : ['qkv'];
    this.shaderKey = `catlipAttentionProbs_${masked ? 'masked' : 'plain'}`;
  }
  getUserCode(): string {
    return /* wgsl */ `
${WORKGROUP_SUM}
${INDEXING}
fn main(index : i32) {
${SCORE_ROW}
  var localMax = -3.402823e38;
  for (var j = lid; j < N; j = j + ${ROW_WORKGROUP}) {
    var s = 0.0;
    for (var d = 0; d < uniforms.headDim; d = d + 1) { s = s + qkv[qkvIndex(b, i, 0, h, d)] * qkv[qkvIndex(b, j, 1, h, d)]; }
    s = s * uniforms.scale${this.masked ? ' + mask[i * N + j]' : ''};
    if (valid) { result[scoreIndex(b, h, i, j)] = s; }
    localMax = max(localMax, s);
  }
  let rowMax = workgroupMax(localMax);
  var localSum = 0.0;
  for (var j = lid; j < N; j = j + ${ROW_WORKGROUP}) {
    if (valid) {
      let e = exp(result[scoreIndex(b, h, i, j)] - rowMax);
      result[scoreIndex(b, h, i, j)] = e;
      localSum = localSum + e;
    }
  }
  let rowSum = workgroupSum(localSum);
  for (var j = lid; j < N; j = j + ${ROW_WORKGROUP}) {
    if (valid) { result[scoreIndex(b, h, i, j)] = result[scoreIndex(b, h, i, j)] / rowSum; }
  }
}`;
  }
}

/** out[b, n, h*hd + d] = sum_j P[b, h, n, j] v[b, j, h, d]: the heads already merged. */
class AttentionOutputProgram implements WebGPUProgram {
  variableNames = ['probs', 'qkv'];
  outputShape: number[];
  shaderKey = 'catlipAttentionOutput';
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [ELEMENTWISE_WORKGROUP, 1, 1];
  uniforms = UNIFORMS;
  size = true;
  constructor(d: Dims) {
    this.outputShape = [d.batch, d.tokens, d.width];
    this.dispatch = [Math.ceil((d.batch * d.tokens * d.width) / ELEMENTWISE_WORKGROUP), 1, 1];
  }
  getUserCode(): string {
    return /* wgsl */ `
${INDEXING}
fn main(index : i32) {
  if (index >= uniforms.size) { return; }
  let c = index % uniforms.width;
  let n = (index / uniforms.width) % uniforms.tokens;
  let b = index / (uniforms.width * uniforms.tokens);
  let h = c / uniforms.headDim;
  let d = c % uniforms.headDim;
  var acc = 0.0;
  for (var j = 0; j < uniforms.tokens; j = j + 1) { acc = acc + probs[scoreIndex(b, h, n, j)] * qkv[qkvIndex(b, j, 2, h, d)]; }
  result[index] = acc;
}`;
  }
}

/**
 * dS[b, h, i, j] = P_ij (dP_ij - sum_k P_ik dP_ik), dP_ij = dO_i · v_j: the gradient of the
 * pre-softmax scores (mask included, scale not). One workgroup per (b, h, i).
 */
class AttentionScoreGradProgram extends ScoreRowProgram {
  variableNames = ['probs', 'qkv', 'dOut'];
  shaderKey = 'catlipAttentionScoreGrad';
  getUserCode(): string {
    return /* wgsl */ `
${WORKGROUP_SUM}
${INDEXING}
fn main(index : i32) {
${SCORE_ROW}
  let outBase = (b * N + i) * uniforms.width + h * uniforms.headDim;
  var localDot = 0.0;
  for (var j = lid; j < N; j = j + ${ROW_WORKGROUP}) {
    var dp = 0.0;
    for (var d = 0; d < uniforms.headDim; d = d + 1) { dp = dp + dOut[outBase + d] * qkv[qkvIndex(b, j, 2, h, d)]; }
    if (valid) { result[scoreIndex(b, h, i, j)] = dp; }
    localDot = localDot + probs[scoreIndex(b, h, i, j)] * dp;
  }
  let delta = workgroupSum(localDot);
  for (var j = lid; j < N; j = j + ${ROW_WORKGROUP}) {
    if (valid) {
      let k = scoreIndex(b, h, i, j);
      result[k] = probs[k] * (result[k] - delta);
    }
  }
}`;
  }
}

/** dqkv [B, N, 3D]: dq = scale dS·K, dk = scale dSᵀ·Q, dv = Pᵀ·dO, each written into its column block. */
class AttentionQkvGradProgram implements WebGPUProgram {
  variableNames = ['probs', 'dScores', 'qkv', 'dOut'];
  outputShape: number[];
  shaderKey = 'catlipAttentionQkvGrad';
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [ELEMENTWISE_WORKGROUP, 1, 1];
  uniforms = UNIFORMS;
  size = true;
  constructor(d: Dims) {
    this.outputShape = [d.batch, d.tokens, 3 * d.width];
    this.dispatch = [Math.ceil((d.batch * d.tokens * 3 * d.width) / ELEMENTWISE_WORKGROUP), 1, 1];
  }
  getUserCode(): string {
    return /* wgsl */ `
${INDEXING}
fn main(index : i32) {
  if (index >= uniforms.size) { return; }
  let W = uniforms.width;
  let col = index % (3 * W);
  let n = (index / (3 * W)) % uniforms.tokens;
  let b = index / (3 * W * uniforms.tokens);
  let part = col / W;
  let h = (col % W) / uniforms.headDim;
  let d = col % uniforms.headDim;
  var acc = 0.0;
  if (part == 0) {
    for (var j = 0; j < uniforms.tokens; j = j + 1) { acc = acc + dScores[scoreIndex(b, h, n, j)] * qkv[qkvIndex(b, j, 1, h, d)]; }
    acc = acc * uniforms.scale;
  } else if (part == 1) {
    for (var i = 0; i < uniforms.tokens; i = i + 1) { acc = acc + dScores[scoreIndex(b, h, i, n)] * qkv[qkvIndex(b, i, 0, h, d)]; }
    acc = acc * uniforms.scale;
  } else {
    for (var i = 0; i < uniforms.tokens; i = i + 1) { acc = acc + probs[scoreIndex(b, h, i, n)] * dOut[(b * uniforms.tokens + i) * W + h * uniforms.headDim + d]; }
  }
  result[index] = acc;
}`;
  }
}

/**
 * softmax(q kᵀ / sqrt(hd) + mask) v per head, from qkv [B, N, 3D] to merged heads [B, N, D]
 * (webgpu backend only). `mask` [N, N] is additive and not differentiated (the causal mask is data).
 */
export function fusedAttention(qkv: tf.Tensor3D, heads: number, mask?: tf.Tensor2D): tf.Tensor3D {
  const [batch, tokens, width3] = qkv.shape;
  const width = width3 / 3;
  const dims: Dims = { batch, tokens, heads, headDim: width / heads, width };
  if (!Number.isInteger(dims.headDim)) throw new RangeError(`width ${width} is not divisible by ${heads} heads`);
  const uniforms = uniformsOf(dims);
  const op = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    const probs = runProgram(new AttentionProbsProgram(dims, mask !== undefined), mask ? [x, mask] : [x], uniforms);
    save([x, probs]);
    return {
      value: runProgram(new AttentionOutputProgram(dims), [probs, x], uniforms),
      gradFunc: (dy: tf.Tensor, [xs, ps]: tf.Tensor[]) => {
        const dScores = runProgram(new AttentionScoreGradProgram(dims), [ps, xs, dy], uniforms);
        return runProgram(new AttentionQkvGradProgram(dims), [ps, dScores, xs, dy], uniforms);
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return op(qkv) as tf.Tensor3D;
}
