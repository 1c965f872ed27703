/**
 * A register-blocked matmul for the webgpu backend, installed in place of tfjs's BatchMatMul kernel
 * while the kernel mode is 'fused'. Every matmul of the model goes through BatchMatMul, the backward
 * ones included (tfjs's gradient is matMul with transpose flags), so the encoders need no change.
 *
 * Why: tfjs-backend-webgpu 4.22 tiles every matmul 32x32 with 64 threads of 4x4 outputs, and takes
 * its vec4 path only without transposeB, so the dX = dY·Wᵀ half of the backward pass runs scalar.
 * That kernel was timed at 2.4 TFLOP/s on an H100 at 1024³ (10.7 at 4096³); the probe step is
 * ~1.07 TFLOP of matmuls of M = 16,384 rows and K, N of 384-1,536, so at ~2.4 TFLOP/s the matmuls
 * alone take ~0.45 s per step of 256 images (~570 img/s, a quarter of the 2,100 img/s target).
 *
 * This kernel is the classic SIMT SGEMM shape: 256 threads, each holding 8x8 outputs of a 128x128
 * tile as 2x2 blocks of 4x4 (64 FMAs per 4 vec4 reads of workgroup memory, against 16 FMAs per 8
 * scalar reads in tfjs's kernel), operands staged through workgroup memory 8 deep in K, transposes
 * folded into the tile loads (no transpose kernels), and split-K when the output has too few tiles to
 * fill the GPU (the weight gradients: a 384x1152 output over K = 16,384 is 27 tiles), finished by one
 * kernel summing the partial products. Its speed on a GPU is not measured yet (`npm run bench:matmul`
 * on the GPU host does); lavapipe only checks it.
 */
import * as tf from '../../tfjs.js';
import { sizeOf } from '../model/params.js';
import { requestedKernelMode } from './kernel-mode.js';
import {
  isSoftwareAdapter,
  webgpuBackend,
  type AdapterFacts,
  type ProgramUniform,
  type WebGPUBackendLike,
  type WebGPUProgram,
} from './webgpu-backend.js';

/** One tiling: a workgroup of threadsM x threadsN threads computes a tileM x tileN block of C. */
export interface MatMulTiling {
  name: string;
  tileM: number;
  tileN: number;
  tileK: number;
  threadsM: number;
  threadsN: number;
}

/** 8x8 outputs per thread: for hardware GPUs (the CUTLASS SIMT SGEMM default shape). */
export const LARGE_TILING: MatMulTiling = {
  name: 'large',
  tileM: 128,
  tileN: 128,
  tileK: 8,
  threadsM: 16,
  threadsN: 16,
};
/** 4x4 outputs per thread: for outputs with too few 128x128 tiles to fill the GPU. */
export const MEDIUM_TILING: MatMulTiling = {
  name: 'medium',
  tileM: 64,
  tileN: 64,
  tileK: 16,
  threadsM: 16,
  threadsN: 16,
};

/** Below this many workgroups a large GPU idles (an H100 has 132 SMs): split K to reach it. */
const TARGET_WORKGROUPS = 256;
/** Each split still accumulates at least this much of K, so the partial sums stay worth their traffic. */
const MIN_K_PER_SPLIT = 256;

export interface MatMulPlan {
  tiling: MatMulTiling;
  splits: number;
  /** K range of each split, a multiple of tileK. */
  kPerSplit: number;
}

/**
 * Tiling and split-K for C[batch, m, n] = A[m, k]·B[k, n], or null to leave the matmul to tfjs's own
 * kernel: on a software adapter (Mesa llvmpipe, SwiftShader: workgroups emulated on CPU cores), where
 * 256-thread workgroups with a barrier every few k cost more than they save (measured on lavapipe, tiny
 * config: matmul GPU time 131 ms/step with tfjs's kernel, 172 ms with this one's 64x64 tiling).
 */
export function planMatMul(batch: number, m: number, n: number, k: number, software: boolean): MatMulPlan | null {
  // empty products stay with tfjs too (it returns them without a dispatch)
  if (software || m * n * k === 0) return null;
  const tiling = tilesOf(LARGE_TILING, batch, m, n) >= TARGET_WORKGROUPS / 2 ? LARGE_TILING : MEDIUM_TILING;
  return planWith(tiling, batch, m, n, k, true);
}

/**
 * Into how many slices to cut a reduction of `length` so that `workgroups` per slice fill a large GPU
 * (1 when they already do), each slice at least `minPerSlice` long: split-K here, row chunks in the
 * column-sum kernel, both finished by SplitSumProgram.
 */
export function slicesToFill(workgroups: number, length: number, minPerSlice: number): number {
  return Math.max(1, Math.min(Math.ceil(TARGET_WORKGROUPS / workgroups), Math.floor(length / minPerSlice)));
}

const tilesOf = (t: MatMulTiling, batch: number, m: number, n: number) =>
  batch * Math.ceil(m / t.tileM) * Math.ceil(n / t.tileN);

/** The plan for one tiling, split-K (when the output has too few tiles and K is long enough) or not. */
export function planWith(
  tiling: MatMulTiling,
  batch: number,
  m: number,
  n: number,
  k: number,
  splitK: boolean,
): MatMulPlan {
  const splits = splitK ? slicesToFill(tilesOf(tiling, batch, m, n), k, MIN_K_PER_SPLIT) : 1;
  const kPerSplit = Math.ceil(k / splits / tiling.tileK) * tiling.tileK;
  return { tiling, splits: Math.ceil(k / kPerSplit), kPerSplit };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** One operand of the tiled matmul: `size` rows (A) or columns (B) of the output tile, times K. */
interface TileOperand {
  input: 'A' | 'B';
  shared: 'As' | 'Bs';
  size: number;
  /** Row stride of the k-major workgroup copy, in vec4s. */
  stride: number;
  base: string;
  /** WGSL expression: the tile's first row (A) or column (B). */
  start: string;
  /** WGSL expression: the operand's extent along that axis (m or n). */
  dim: string;
  /** k is the fastest axis in memory (A untransposed, B transposed). */
  kContiguous: boolean;
}

/**
 * WGSL statements copying one operand's [tileK, size] tile into workgroup memory, k-major, zero past
 * the edges. Consecutive threads take consecutive addresses of the operand as it lies in memory, so a
 * transposed operand costs nothing but a different index order.
 */
function tileLoads(o: TileOperand, tileK: number, threads: number): string[] {
  const [outer, inner, innerSize] = o.kContiguous ? ['t', 'kk', tileK] : ['kk', 't', o.size];
  const address = o.kContiguous
    ? `${o.base} + (${o.start} + t) * uniforms.k + k0 + kk`
    : `${o.base} + (k0 + kk) * ${o.dim} + ${o.start} + t`;
  return range((o.size * tileK) / threads).map(
    (l) => `{
      let f = lid + ${l * threads};
      let ${outer} = f / ${innerSize};
      let ${inner} = f % ${innerSize};
      var v = 0.0;
      if (${o.start} + t < ${o.dim} && k0 + kk < kEnd) { v = ${o.input}[${address}]; }
      ${o.shared}[kk * ${o.stride} + t / 4][t % 4] = v;
    }`,
  );
}

/**
 * C = op(A)·op(B) (+ bias over the columns, unsplit only) for one tiling. A is [batchA, m, k] ([batchA,
 * k, m] with transposeA), B likewise; batchA or batchB of 1 broadcasts. Output [splits * batch, m, n]:
 * split s of batch b at s * batch + b.
 */
export class TiledMatMulProgram implements WebGPUProgram {
  variableNames = ['A', 'B'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [2], y: [1], z: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  uniforms = 'm : i32, n : i32, k : i32, batch : i32, broadcastA : i32, broadcastB : i32, kPerSplit : i32,';

  constructor(
    batch: number,
    m: number,
    n: number,
    private readonly plan: MatMulPlan,
    private readonly transposeA: boolean,
    private readonly transposeB: boolean,
    private readonly withBias: boolean,
  ) {
    const t = plan.tiling;
    if (withBias) this.variableNames = ['A', 'B', 'bias'];
    this.outputShape = [plan.splits * batch, m, n];
    this.workgroupSize = [t.threadsN, t.threadsM, 1];
    this.dispatch = [Math.ceil(n / t.tileN), Math.ceil(m / t.tileM), plan.splits * batch];
    this.shaderKey = `catlipMatMul_${t.name}_${transposeA ? 'T' : 'N'}${transposeB ? 'T' : 'N'}${withBias ? '_bias' : ''}`;
  }

  getUserCode(): string {
    const { tileM, tileN, tileK, threadsM, threadsN } = this.plan.tiling;
    const threads = threadsM * threadsN;
    // Each thread owns groups of 4 adjacent rows and 4 adjacent columns, one group per 4 x threadsM rows
    // (columns): its operands for one k are then whole vec4s of workgroup memory (2 + 2 reads for 64 FMAs
    // at 8x8, where one float per read would take 16), and its stores are 4 adjacent floats.
    const rowGroups = tileM / threadsM / 4;
    const colGroups = tileN / threadsN / 4;
    // stored k-major in vec4s; A's row is padded by one vec4 so that the stores of consecutive threads
    // (which walk k fastest for an untransposed A) land in different banks
    const strideA = tileM / 4 + 1;
    const strideB = tileN / 4;
    const loadA = tileLoads(
      {
        input: 'A',
        shared: 'As',
        size: tileM,
        stride: strideA,
        base: 'aBase',
        start: 'row0',
        dim: 'uniforms.m',
        kContiguous: !this.transposeA,
      },
      tileK,
      threads,
    );
    const loadB = tileLoads(
      {
        input: 'B',
        shared: 'Bs',
        size: tileN,
        stride: strideB,
        base: 'bBase',
        start: 'col0',
        dim: 'uniforms.n',
        kContiguous: this.transposeB,
      },
      tileK,
      threads,
    );
    // accumulator c{g}_{r}_{h}: row 4 * (g * threadsM + ty) + r, columns 4 * (h * threadsN + tx) + 0..3
    const acc = (g: number, r: number, h: number) => `c${g}_${r}_${h}`;
    const each = <T>(f: (g: number, r: number, h: number) => T): T[] =>
      range(rowGroups).flatMap((g) => range(4).flatMap((r) => range(colGroups).map((h) => f(g, r, h))));
    const accumulators = each((g, r, h) => `var ${acc(g, r, h)} = vec4<f32>(0.0);`).join(' ');
    const step = [
      ...range(rowGroups).map((g) => `let a${g} = As[kk * ${strideA} + ty + ${g * threadsM}];`),
      ...range(colGroups).map((h) => `let b${h} = Bs[kk * ${strideB} + tx + ${h * threadsN}];`),
      ...each((g, r, h) => `${acc(g, r, h)} = fma(vec4<f32>(a${g}[${r}]), b${h}, ${acc(g, r, h)});`),
    ].join('\n      ');
    const stores = each(
      (g, r, h) => `{
    let r = row0 + 4 * (ty + ${g * threadsM}) + ${r};
    let c = col0 + 4 * (tx + ${h * threadsN});
    storeRow(outBase, r, c, ${acc(g, r, h)}${this.withBias ? ` + biasAt(c)` : ''});
  }`,
    );
    return /* wgsl */ `
var<workgroup> As : array<vec4<f32>, ${strideA * tileK}>;
var<workgroup> Bs : array<vec4<f32>, ${strideB * tileK}>;

// 4 adjacent outputs of row r from column c on, those inside the matrix
fn storeRow(outBase : i32, r : i32, c : i32, v : vec4<f32>) {
  if (r >= uniforms.m) { return; }
  let at = outBase + r * uniforms.n + c;
  if (c + 3 < uniforms.n) {
    result[at] = v[0]; result[at + 1] = v[1]; result[at + 2] = v[2]; result[at + 3] = v[3];
  } else {
    for (var j = 0; j < 4; j = j + 1) { if (c + j < uniforms.n) { result[at + j] = v[j]; } }
  }
}
${
  this.withBias
    ? `
fn biasAt(c : i32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  for (var j = 0; j < 4; j = j + 1) { if (c + j < uniforms.n) { v[j] = bias[c + j]; } }
  return v;
}
`
    : ''
}
fn main() {
  let tx = i32(localId.x);
  let ty = i32(localId.y);
  let lid = i32(localIndex);
  let z = i32(workgroupId.z);
  let batch = z % uniforms.batch;
  let split = z / uniforms.batch;
  let row0 = i32(workgroupId.y) * ${tileM};
  let col0 = i32(workgroupId.x) * ${tileN};
  let aBase = select(batch, 0, uniforms.broadcastA == 1) * uniforms.m * uniforms.k;
  let bBase = select(batch, 0, uniforms.broadcastB == 1) * uniforms.k * uniforms.n;
  let outBase = z * uniforms.m * uniforms.n;
  let kBegin = split * uniforms.kPerSplit;
  let kEnd = min(uniforms.k, kBegin + uniforms.kPerSplit);
  ${accumulators}
  // the trip count is a uniform, not kEnd - kBegin: barriers need uniform control flow, and
  // tfjs hands the shader its workgroup id through a private variable, which WGSL treats as varying
  for (var kt = 0; kt < uniforms.kPerSplit / ${tileK}; kt = kt + 1) {
    let k0 = kBegin + kt * ${tileK};
    ${loadA.join('\n    ')}
    ${loadB.join('\n    ')}
    workgroupBarrier();
    for (var kk = 0; kk < ${tileK}; kk = kk + 1) {
      ${step}
    }
    workgroupBarrier();
  }
  ${stores.join('\n  ')}
}`;
  }
}

/** out[i] = Σ_s partial[s * count + i] (+ bias[i % cols]): finishes a split-K matmul. */
export class SplitSumProgram implements WebGPUProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [256, 1, 1];
  uniforms = 'splits : i32, count : i32, cols : i32,';

  constructor(
    count: number,
    private readonly withBias: boolean,
  ) {
    this.outputShape = [count];
    this.variableNames = withBias ? ['partial', 'bias'] : ['partial'];
    this.shaderKey = `catlipMatMulSplitSum${withBias ? '_bias' : ''}`;
    this.dispatch = [Math.ceil(count / 256), 1, 1];
  }

  getUserCode(): string {
    return /* wgsl */ `
fn main(index : i32) {
  if (index >= uniforms.count) { return; }
  var total = ${this.withBias ? 'bias[index % uniforms.cols]' : '0.0'};
  for (var s = 0; s < uniforms.splits; s = s + 1) { total = total + partial[s * uniforms.count + index]; }
  result[index] = total;
}`;
  }
}

export function splitSumUniforms(splits: number, count: number, cols: number): ProgramUniform {
  return [
    { type: 'int32', data: [splits] },
    { type: 'int32', data: [count] },
    { type: 'int32', data: [cols] },
  ];
}

interface BatchMatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

interface KernelArgs {
  inputs: { a: tf.TensorInfo; b: tf.TensorInfo };
  backend: unknown;
  attrs: BatchMatMulAttrs;
}

type WebGPUBackendWithInfo = WebGPUBackendLike & {
  adapterInfo?: AdapterFacts;
  disposeData(dataId: object): boolean;
};

export type AdapterClass = 'auto' | 'hardware' | 'software';

let adapterClass: AdapterClass = 'auto';

/** Plans as for this adapter class ('auto': the adapter's own); tests and benches use it to run both plans on one adapter. */
export function setMatMulAdapterClass(value: AdapterClass): void {
  adapterClass = value;
}

/** Whether to plan for a software adapter: the override, else what the backend's adapter says. */
function plansForSoftware(backend: WebGPUBackendWithInfo): boolean {
  if (adapterClass !== 'auto') return adapterClass === 'software';
  return isSoftwareAdapter(backend.adapterInfo);
}

/** The plan the installed kernel makes for this shape on the active webgpu backend (null: tfjs's kernel). */
export function activeMatMulPlan(batch: number, m: number, n: number, k: number): MatMulPlan | null {
  return planMatMul(batch, m, n, k, plansForSoftware(webgpuBackend() as WebGPUBackendWithInfo));
}

/**
 * The BatchMatMul kernel body on the webgpu backend, shapes as tfjs's own (rank >= 2, batch broadcast);
 * null where planMatMul leaves the matmul to tfjs.
 */
export function tiledBatchMatMul(
  backend: WebGPUBackendWithInfo,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  bias?: tf.TensorInfo,
  /** Overrides planMatMul (bench:matmul times each tiling); ignored for an empty inner dimension. */
  forcedPlan?: MatMulPlan,
): tf.TensorInfo | null {
  const rankA = a.shape.length;
  const rankB = b.shape.length;
  const m = transposeA ? a.shape[rankA - 1] : a.shape[rankA - 2];
  const k = transposeA ? a.shape[rankA - 2] : a.shape[rankA - 1];
  const kB = transposeB ? b.shape[rankB - 1] : b.shape[rankB - 2];
  const n = transposeB ? b.shape[rankB - 2] : b.shape[rankB - 1];
  if (k !== kB)
    throw new Error(
      `matMul: inner dimensions ${k} and ${kB} of [${a.shape}] and [${b.shape}] differ (transposeA=${transposeA}, transposeB=${transposeB})`,
    );
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batchA = sizeOf(a.shape.slice(0, -2));
  const batchB = sizeOf(b.shape.slice(0, -2));
  const batch = Math.max(batchA, batchB);
  // batches that broadcast other than through a batch of 1 ([2, 1] with [1, 3]): tfjs's kernel, as before
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return null;
  const outShape = [...outer, m, n];
  // an empty inner dimension: zeros (tfjs's own kernel binds the empty buffers and fails validation)
  if (k === 0) return backend.makeTensorInfo(outShape, 'float32', new Float32Array(sizeOf(outShape)));
  const plan = forcedPlan ?? planMatMul(batch, m, n, k, plansForSoftware(backend));
  if (!plan) return null;
  const uniforms: ProgramUniform = [
    { type: 'int32', data: [m] },
    { type: 'int32', data: [n] },
    { type: 'int32', data: [k] },
    { type: 'int32', data: [batch] },
    { type: 'int32', data: [batchA === 1 && batch > 1 ? 1 : 0] },
    { type: 'int32', data: [batchB === 1 && batch > 1 ? 1 : 0] },
    { type: 'int32', data: [plan.kPerSplit] },
  ];
  if (bias && sizeOf(bias.shape) !== n) throw new RangeError(`matMul bias of [${bias.shape}] for ${n} columns`);
  const split = plan.splits > 1;
  const program = new TiledMatMulProgram(batch, m, n, plan, transposeA, transposeB, !!bias && !split);
  if (!split)
    return backend.runWebGPUProgram(
      program,
      bias ? [a, b, bias] : [a, b],
      'float32',
      uniforms,
      backend.makeTensorInfo(outShape, 'float32'),
    );
  const partial = backend.runWebGPUProgram(program, [a, b], 'float32', uniforms);
  const count = batch * m * n;
  const sum = new SplitSumProgram(count, !!bias);
  const out = backend.runWebGPUProgram(
    sum,
    bias ? [partial, bias] : [partial],
    'float32',
    splitSumUniforms(plan.splits, count, n),
    backend.makeTensorInfo(outShape, 'float32'),
  );
  backend.disposeData(partial.dataId);
  return out;
}

/**
 * x·W + b for 2-D x [rows, in] with the bias added in the matmul's store (no separate add kernel and
 * pass over the output); null where planMatMul leaves matmuls to tfjs (software adapters).
 */
export function matMulBias(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor): tf.Tensor2D | null {
  const backend = webgpuBackend() as WebGPUBackendWithInfo;
  const info = tiledBatchMatMul(backend, x, kernel, false, false, bias);
  return info && (tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor2D);
}

let installed = false;

/**
 * Puts the tiled matmul in front of the webgpu backend's BatchMatMul (once per process): float32
 * matmuls in kernel mode 'fused' on a hardware adapter take it; everything else (int32, mode 'tfjs',
 * software adapters) tfjs's own kernel.
 * Needs @tensorflow/tfjs-backend-webgpu imported (it registers the kernel being wrapped).
 */
export function installTiledMatMul(): void {
  if (installed) return;
  const original = tf.getKernel('BatchMatMul', 'webgpu');
  if (!original)
    throw new Error(
      'installTiledMatMul: the webgpu backend has no BatchMatMul kernel (import @tensorflow/tfjs-backend-webgpu first)',
    );
  tf.unregisterKernel('BatchMatMul', 'webgpu');
  tf.registerKernel({
    ...original,
    kernelFunc: (args) => {
      const { inputs, backend, attrs } = args as unknown as KernelArgs;
      const tiled =
        requestedKernelMode() === 'fused' && inputs.a.dtype === 'float32' && inputs.b.dtype === 'float32'
          ? tiledBatchMatMul(backend as WebGPUBackendWithInfo, inputs.a, inputs.b, attrs.transposeA, attrs.transposeB)
          : null;
      return tiled ?? original.kernelFunc(args);
    },
  });
  installed = true;
}
