/**
 * Three of the model's small multi-op functions as single kernels of the wasm backend, each with a
 * one-call gradient kernel: LayerNorm, the attention's scaled (masked) softmax and the sigmoid BCE loss.
 * At the tiny config's sizes much of a step is tfjs's per-kernel bookkeeping in JavaScript (engine tape,
 * tensor records, a clone of every tensor saved for the backward pass), about 30 µs a call: the
 * plain-op LayerNorm is 9 kernel calls forward and about 25 backward, the BCE 10 and about 20.
 *
 * Like wasm-optimizer-kernels.ts they run in JavaScript over typed-array views of the wasm heap; row
 * statistics and sums are accumulated in float64 and every stored value is a float32, so they agree
 * with the plain ops (the reference, tested against on the cpu backend) to float32 rounding. Outputs
 * are new tensors; inputs are never written.
 *
 * Only ops whose tensors are small for their call count gain: a JavaScript loop costs a few ns an
 * element against about 1 for the backend's compiled kernels, so the MLP's bias + GELU (139k elements
 * at the tiny config, an erf and an exp each) measured slower fused here than as plain ops, and stays plain.
 */
import * as tf from '../tfjs.js';
import { kernelModeFor } from './webgpu/kernel-mode.js';

export const LAYER_NORM = 'CatlipWasmLayerNorm';
const LAYER_NORM_GRAD = 'CatlipWasmLayerNormGrad';
export const SIGMOID_BCE = 'CatlipWasmSigmoidBce';
const SIGMOID_BCE_GRAD = 'CatlipWasmSigmoidBceGrad';
export const SCALED_SOFTMAX = 'CatlipWasmScaledSoftmax';
const SCALED_SOFTMAX_GRAD = 'CatlipWasmScaledSoftmaxGrad';

interface HeapBackend extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

type Inputs = Record<string, tf.TensorInfo>;
type Kernel<A = Record<string, never>> = (args: {
  inputs: Inputs;
  backend: HeapBackend;
  attrs: A;
}) => tf.TensorInfo | tf.TensorInfo[];

/** True when the active backend is wasm, these kernels are registered and the kernel mode is 'fused' (the default). */
export function useWasmFusedKernels(): boolean {
  const backend = tf.getBackend();
  return backend === 'wasm' && kernelModeFor(backend) === 'fused' && tf.getKernel(LAYER_NORM, 'wasm') !== undefined;
}

/** Registers the kernels on the wasm backend and their gradients (once). */
export function installWasmFusedKernels(): void {
  if (tf.getKernel(LAYER_NORM, 'wasm')) return;
  const kernels: [string, Kernel<never>][] = [
    [LAYER_NORM, layerNormKernel],
    [LAYER_NORM_GRAD, layerNormGradKernel],
    [SIGMOID_BCE, sigmoidBceKernel],
    [SIGMOID_BCE_GRAD, sigmoidBceGradKernel],
    [SCALED_SOFTMAX, scaledSoftmaxKernel],
    [SCALED_SOFTMAX_GRAD, scaledSoftmaxGradKernel],
  ];
  for (const [kernelName, kernelFunc] of kernels)
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  registerGradients();
}

const f = Math.fround;

/** Allocates every output before any heap view is taken: an allocation may grow the wasm memory, detaching views. */
function outputs(backend: HeapBackend, shapes: number[][]): { infos: tf.TensorInfo[]; views: Float32Array[] } {
  const infos = shapes.map((shape) => backend.makeOutput(shape, 'float32'));
  return { infos, views: infos.map((t) => backend.typedArrayFromHeap(t)) };
}

function lastAxis(x: tf.TensorInfo): { rows: number; cols: number } {
  const cols = x.shape[x.shape.length - 1];
  return { rows: tf.util.sizeFromShape(x.shape) / cols, cols };
}

// ---- LayerNorm over the last axis ----

/** Row r's mean and 1/sqrt(variance + epsilon) (two passes, as the reference's mean of squared deviations). */
function rowStats(x: Float32Array, base: number, cols: number, epsilon: number): [number, number] {
  let sum = 0;
  for (let c = 0; c < cols; c++) sum += x[base + c];
  const mean = sum / cols;
  let squares = 0;
  for (let c = 0; c < cols; c++) {
    const d = x[base + c] - mean;
    squares += d * d;
  }
  return [mean, 1 / Math.sqrt(squares / cols + epsilon)];
}

const layerNormKernel: Kernel<{ epsilon: number }> = ({ inputs, backend, attrs }) => {
  const { rows, cols } = lastAxis(inputs.x);
  const { infos, views } = outputs(backend, [inputs.x.shape]);
  const [x, gamma, beta] = [inputs.x, inputs.gamma, inputs.beta].map((t) => backend.typedArrayFromHeap(t));
  const y = views[0];
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    const [mean, rstd] = rowStats(x, base, cols, attrs.epsilon);
    for (let c = 0; c < cols; c++) y[base + c] = (x[base + c] - mean) * rstd * gamma[c] + beta[c];
  }
  return infos[0];
};

/** dx = rstd·(g − mean(g) − x̂·mean(g·x̂)) with g = dy·γ; dγ = Σ dy·x̂ and dβ = Σ dy over the rows. */
const layerNormGradKernel: Kernel<{ epsilon: number }> = ({ inputs, backend, attrs }) => {
  const { rows, cols } = lastAxis(inputs.x);
  const { infos, views } = outputs(backend, [inputs.x.shape, [cols], [cols]]);
  const [x, gamma, dy] = [inputs.x, inputs.gamma, inputs.dy].map((t) => backend.typedArrayFromHeap(t));
  const [dx, dGamma, dBeta] = views;
  const sumGamma = new Float64Array(cols);
  const sumBeta = new Float64Array(cols);
  const xhat = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    const [mean, rstd] = rowStats(x, base, cols, attrs.epsilon);
    let sumG = 0;
    let sumGX = 0;
    for (let c = 0; c < cols; c++) {
      const h = (x[base + c] - mean) * rstd;
      const d = dy[base + c];
      const g = d * gamma[c];
      xhat[c] = h;
      sumG += g;
      sumGX += g * h;
      sumGamma[c] += d * h;
      sumBeta[c] += d;
    }
    const meanG = sumG / cols;
    const meanGX = sumGX / cols;
    for (let c = 0; c < cols; c++) dx[base + c] = rstd * (dy[base + c] * gamma[c] - meanG - xhat[c] * meanGX);
  }
  dGamma.set(sumGamma);
  dBeta.set(sumBeta);
  return infos;
};

/** ln 2 split so that k·LN2_HI is exact for the k a float32 exponent can reach (Cody–Waite reduction). */
const LN2_HI = 0.693145751953125;
const LN2_LO = 1.4286068203094173e-6;
/** 2^k for k in [-150, 0]: POW2[k + 150]. */
const POW2 = Float64Array.from({ length: 151 }, (_, i) => 2 ** (i - 150));

/**
 * exp(x) for x ≤ 0, relative error below 1e-8 (well inside float32 rounding): x = k·ln2 + r with
 * |r| ≤ ln2/2, e^r by its degree-7 Taylor polynomial, times 2^k from a table. Inlined into the
 * softmax and BCE loops it costs less than a Math.exp call.
 */
export function expNonPositive(x: number): number {
  if (x < -103) return 0; // below float32's smallest subnormal
  const k = Math.round(x * Math.LOG2E);
  const r = x - k * LN2_HI - k * LN2_LO;
  const p = 1 + r * (1 + r * (1 / 2 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720 + r * (1 / 5040)))))));
  return p * POW2[k + 150];
}

// ---- sigmoid BCE with logits, summed over classes, mean over the batch ----

/** Factors 1 + exp(−|x|) ≤ 2 multiplied before one logarithm: 2^512 stays far inside float64. */
const LOG_CHUNK = 512;

/**
 * Σ over all entries of max(x, 0) − x·y + log(1 + exp(−|x|)), divided by the batch (rows). The
 * logarithms are taken of products of LOG_CHUNK factors (one Math.log per chunk instead of a log1p per
 * entry); each factor's rounding in float64 is below 1.2e-16 absolute, far under float32's.
 */
const sigmoidBceKernel: Kernel = ({ inputs, backend }) => {
  const { rows } = lastAxis(inputs.logits);
  const { infos, views } = outputs(backend, [[]]);
  const [x, y] = [inputs.logits, inputs.targets].map((t) => backend.typedArrayFromHeap(t));
  let sum = 0;
  for (let start = 0; start < x.length; start += LOG_CHUNK) {
    const end = Math.min(start + LOG_CHUNK, x.length);
    let product = 1;
    for (let i = start; i < end; i++) {
      const v = x[i];
      sum += Math.max(v, 0) - v * y[i];
      product *= 1 + expNonPositive(-Math.abs(v));
    }
    sum += Math.log(product);
  }
  views[0][0] = sum / rows;
  return infos[0];
};

/** d/dlogits = dy·(sigmoid(x) − y)/rows, the derivative of the stable form (computed without overflow). */
const sigmoidBceGradKernel: Kernel = ({ inputs, backend }) => {
  const { rows } = lastAxis(inputs.logits);
  const { infos, views } = outputs(backend, [inputs.logits.shape]);
  const [x, y, dy] = [inputs.logits, inputs.targets, inputs.dy].map((t) => backend.typedArrayFromHeap(t));
  const scale = dy[0] / rows;
  const dx = views[0];
  for (let i = 0; i < x.length; i++) {
    const e = expNonPositive(-Math.abs(x[i]));
    const sigmoid = x[i] >= 0 ? 1 / (1 + e) : e / (1 + e);
    dx[i] = (sigmoid - y[i]) * scale;
  }
  return infos[0];
};

// ---- softmax(scores·scale + mask) over the last axis ----

/** `mask` (optional, [N, N]) repeats over the leading axes of scores [..., N, N]. */
const scaledSoftmaxKernel: Kernel<{ scale: number }> = ({ inputs, backend, attrs }) => {
  const { rows, cols } = lastAxis(inputs.scores);
  const { infos, views } = outputs(backend, [inputs.scores.shape]);
  const s = backend.typedArrayFromHeap(inputs.scores);
  const mask = inputs.mask ? backend.typedArrayFromHeap(inputs.mask) : undefined;
  const maskRows = mask ? mask.length / cols : 1;
  const p = views[0];
  const logits = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    const maskBase = (r % maskRows) * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) {
      // the reference's scaled scores and their masked sum are float32 tensors
      const v = mask ? f(f(s[base + c] * attrs.scale) + mask[maskBase + c]) : f(s[base + c] * attrs.scale);
      logits[c] = v;
      if (v > max) max = v;
    }
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += logits[c] = expNonPositive(logits[c] - max);
    for (let c = 0; c < cols; c++) p[base + c] = logits[c] / sum;
  }
  return infos[0];
};

/** d/dscores = scale·p·(dy − Σ dy·p) row by row. */
const scaledSoftmaxGradKernel: Kernel<{ scale: number }> = ({ inputs, backend, attrs }) => {
  const { rows, cols } = lastAxis(inputs.probs);
  const { infos, views } = outputs(backend, [inputs.probs.shape]);
  const [p, dy] = [inputs.probs, inputs.dy].map((t) => backend.typedArrayFromHeap(t));
  const ds = views[0];
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let dot = 0;
    for (let c = 0; c < cols; c++) dot += dy[base + c] * p[base + c];
    for (let c = 0; c < cols; c++) ds[base + c] = attrs.scale * p[base + c] * (dy[base + c] - dot);
  }
  return infos[0];
};

// ---- gradients ----

function run(name: string, inputs: tf.NamedTensorMap, attrs?: object): tf.Tensor[] {
  const out = tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap);
  return Array.isArray(out) ? out : [out];
}

function registerGradients(): void {
  tf.registerGradient({
    kernelName: LAYER_NORM,
    inputsToSave: ['x', 'gamma'],
    gradFunc: (dy, saved, attrs) => {
      const [x, gamma] = saved;
      const [dx, dGamma, dBeta] = run(LAYER_NORM_GRAD, { x, gamma, dy: dy as tf.Tensor }, attrs);
      return { x: () => dx, gamma: () => dGamma, beta: () => dBeta };
    },
  });
  tf.registerGradient({
    kernelName: SIGMOID_BCE,
    inputsToSave: ['logits', 'targets'],
    gradFunc: (dy, saved) => {
      const [logits, targets] = saved;
      return {
        logits: () => run(SIGMOID_BCE_GRAD, { logits, targets, dy: dy as tf.Tensor })[0],
        // targets are data in training; their gradient −x·dy/rows is for completeness
        targets: () => tf.mul(logits, tf.div(tf.neg(dy as tf.Tensor), logits.shape[0]!)),
      };
    },
  });
  tf.registerGradient({
    kernelName: SCALED_SOFTMAX,
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => ({
      scores: () => run(SCALED_SOFTMAX_GRAD, { probs: saved[0], dy: dy as tf.Tensor }, attrs)[0],
    }),
  });
}

// ---- the ops ----

/** LayerNorm over the last axis of x with γ and β of its width. */
export function wasmLayerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  return run(LAYER_NORM, { x, gamma, beta }, { epsilon })[0];
}

/** mean over rows of Σ over columns of the sigmoid BCE of logits [B, C] against targets [B, C]. */
export function wasmSigmoidBce(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return run(SIGMOID_BCE, { logits, targets })[0] as tf.Scalar;
}

/** softmax(scores·scale + mask) over the last axis; mask [N, N] repeats over the leading axes. */
export function wasmScaledSoftmax(scores: tf.Tensor, scale: number, mask?: tf.Tensor2D): tf.Tensor {
  return run(SCALED_SOFTMAX, mask ? { scores, mask } : { scores }, { scale })[0];
}
