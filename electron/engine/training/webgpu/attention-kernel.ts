/**
 * Fused multi-head self-attention core: from the packed qkv projection [B, N, 3D] (q, k, v column
 * blocks, heads contiguous inside each, as model/ops.ts lays them out) straight to the merged head
 * outputs [B, N, D], with no transposes, unstacks or separate softmax kernels. Forward is two
 * dispatches (softmax probabilities, then P·V written in merged layout), backward two (the score
 * gradient with the softmax Jacobian applied, then dq, dk and dv written back into qkv layout).
 *
 * Straightforward per-element loops over the N keys rather than tiled matmuls: at the probe's
 * N = 64 the work per element is small, and what the tfjs path pays for is the ~25 dispatches and
 * full-size intermediates around the two matmuls, not the arithmetic. The score programs give each
 * score row one thread; they had a workgroup per row with tree reductions, and on lavapipe (tiny config,
 * GPU time per CatLIP step) the forward score kernel took 15-32 ms that way against ~2 ms now, the score
 * gradient ~10 ms against ~2 ms. Untuned on a real GPU.
 */
import * as tf from '../../tfjs.js';
import { runProgram, type ProgramUniform, type WebGPUProgram } from './webgpu-backend.js';

const ELEMENTWISE_WORKGROUP = 256;
/** Threads per workgroup of the one-thread-per-score-row programs. */
const ROW_THREADS = 64;

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
 * The opening of a one-thread-per-score-row program: this thread's row (b, h, i) of the [B, H, N, N]
 * scores. A thread walks its whole row (N keys, headDim each): no barriers or workgroup reductions, and the
 * threads of a workgroup, neighbouring rows of one head, read the same key or value element at the same
 * time, so those reads are broadcasts.
 */
const SCORE_ROW = /* wgsl */ `  let N = uniforms.tokens;
  if (index >= uniforms.batch * uniforms.heads * N) { return; }
  let i = index % N;
  let h = (index / N) % uniforms.heads;
  let b = index / (N * uniforms.heads);`;

/** WGSL index helpers over qkv [B, N, 3D] and a [B, H, N, N] score matrix. */
const INDEXING = /* wgsl */ `
fn qkvIndex(b : i32, n : i32, part : i32, h : i32, d : i32) -> i32 {
  return (b * uniforms.tokens + n) * 3 * uniforms.width + part * uniforms.width + h * uniforms.headDim + d;
}
fn scoreIndex(b : i32, h : i32, i : i32, j : i32) -> i32 {
  return ((b * uniforms.heads + h) * uniforms.tokens + i) * uniforms.tokens + j;
}`;

/** A program writing the [B, H, N, N] scores with one thread per score row (b, h, i); see SCORE_ROW. */
abstract class ScoreRowProgram implements WebGPUProgram {
  abstract variableNames: string[];
  abstract shaderKey: string;
  outputShape: number[];
  dispatchLayout = { x: [0, 1, 2, 3] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [ROW_THREADS, 1, 1];
  uniforms = UNIFORMS;
  constructor(d: Dims) {
    this.outputShape = [d.batch, d.heads, d.tokens, d.tokens];
    this.dispatch = [Math.ceil((d.batch * d.heads * d.tokens) / ROW_THREADS), 1, 1];
  }
  abstract getUserCode(): string;
}

/** P[b, h, i, :] = softmax(scale * q_i · k_j + mask[i, j]); one thread per (b, h, i). */
class AttentionProbsProgram extends ScoreRowProgram {
  variableNames: string[];
  shaderKey: string;
  constructor(
    d: Dims,
    private readonly masked: boolean,
  ) {
    super(d);
    this.variableNames = masked ? ['qkv', 'mask'] : ['qkv'];
    this.shaderKey = `catlipAttentionProbs_${masked ? 'masked' : 'plain'}`;
  }
  getUserCode(): string {
    return /* wgsl */ `
${INDEXING}
fn main(index : i32) {
${SCORE_ROW}
  var rowMax = -3.402823e38;
  for (var j = 0; j < N; j = j + 1) {
    var s = 0.0;
    for (var d = 0; d < uniforms.headDim; d = d + 1) { s = s + qkv[qkvIndex(b, i, 0, h, d)] * qkv[qkvIndex(b, j, 1, h, d)]; }
    s = s * uniforms.scale${this.masked ? ' + mask[i * N + j]' : ''};
    result[scoreIndex(b, h, i, j)] = s;
    rowMax = max(rowMax, s);
  }
  var rowSum = 0.0;
  for (var j = 0; j < N; j = j + 1) {
    let e = exp(result[scoreIndex(b, h, i, j)] - rowMax);
    result[scoreIndex(b, h, i, j)] = e;
    rowSum = rowSum + e;
  }
  for (var j = 0; j < N; j = j + 1) { result[scoreIndex(b, h, i, j)] = result[scoreIndex(b, h, i, j)] / rowSum; }
}`;
  }
}

/** A program with one thread per element of a [B, N, blocks * D] output (merged heads, or qkv's layout). */
abstract class TokenElementProgram implements WebGPUProgram {
  abstract variableNames: string[];
  abstract shaderKey: string;
  outputShape: number[];
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [ELEMENTWISE_WORKGROUP, 1, 1];
  uniforms = UNIFORMS;
  size = true;
  constructor(d: Dims, blocks: number) {
    this.outputShape = [d.batch, d.tokens, blocks * d.width];
    this.dispatch = [Math.ceil((d.batch * d.tokens * blocks * d.width) / ELEMENTWISE_WORKGROUP), 1, 1];
  }
  abstract getUserCode(): string;
}

/** out[b, n, h*hd + d] = sum_j P[b, h, n, j] v[b, j, h, d]: the heads already merged. */
class AttentionOutputProgram extends TokenElementProgram {
  variableNames = ['probs', 'qkv'];
  shaderKey = 'catlipAttentionOutput';
  constructor(d: Dims) {
    super(d, 1);
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
 * pre-softmax scores (mask included, scale not). One thread per (b, h, i).
 */
class AttentionScoreGradProgram extends ScoreRowProgram {
  variableNames = ['probs', 'qkv', 'dOut'];
  shaderKey = 'catlipAttentionScoreGrad';
  getUserCode(): string {
    return /* wgsl */ `
${INDEXING}
fn main(index : i32) {
${SCORE_ROW}
  let outBase = (b * N + i) * uniforms.width + h * uniforms.headDim;
  var delta = 0.0;
  for (var j = 0; j < N; j = j + 1) {
    var dp = 0.0;
    for (var d = 0; d < uniforms.headDim; d = d + 1) { dp = dp + dOut[outBase + d] * qkv[qkvIndex(b, j, 2, h, d)]; }
    let k = scoreIndex(b, h, i, j);
    result[k] = dp;
    delta = delta + probs[k] * dp;
  }
  for (var j = 0; j < N; j = j + 1) {
    let k = scoreIndex(b, h, i, j);
    result[k] = probs[k] * (result[k] - delta);
  }
}`;
  }
}

/** dqkv [B, N, 3D]: dq = scale dS·K, dk = scale dSᵀ·Q, dv = Pᵀ·dO, each written into its column block. */
class AttentionQkvGradProgram extends TokenElementProgram {
  variableNames = ['probs', 'dScores', 'qkv', 'dOut'];
  shaderKey = 'catlipAttentionQkvGrad';
  constructor(d: Dims) {
    super(d, 3);
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
