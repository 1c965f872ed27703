/**
 * The optimizer's element-wise work as two kernels of the wasm backend, each one call over every
 * variable of the model: the global gradient norm's sum of squares, and the AdamW update with the
 * clipping factor applied on the way in. With plain ops the clip and the update cost about a dozen
 * kernel calls per variable (≈500 of a tiny-config step's ≈1,300), each allocating on the wasm heap
 * and recorded by the engine; at that model size a step is bound by those calls, not by arithmetic.
 *
 * They run in JavaScript over typed-array views of the wasm heap, in the operation order of
 * model/optimizer.ts with every intermediate rounded to float32 (Math.fround), which is what the cpu
 * backend's element-wise kernels compute. New output tensors are written; inputs are never changed
 * (a variable's memory can be shared with other tensors).
 */
import * as tf from '../tfjs.js';

export const SUM_OF_SQUARES = 'CatlipSumOfSquares';
export const ADAMW_ALL = 'CatlipAdamWAll';

interface HeapBackend extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

export interface AdamWAllAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** lr / (1 - beta1^t). */
  stepSize: number;
  /** sqrt(1 - beta2^t). */
  sqrtBiasCorrection2: number;
  /** Per variable: 1 - lr * weightDecay where it decays, else 1. */
  decayFactors: number[];
}

const f = Math.fround;

/** Registers both kernels on the wasm backend (once). */
export function installWasmOptimizerKernels(): void {
  if (tf.getKernel(SUM_OF_SQUARES, 'wasm')) return;
  tf.registerKernel({
    kernelName: SUM_OF_SQUARES,
    backendName: 'wasm',
    kernelFunc: sumOfSquaresKernel as unknown as tf.KernelFunc,
  });
  tf.registerKernel({
    kernelName: ADAMW_ALL,
    backendName: 'wasm',
    kernelFunc: adamWKernel as unknown as tf.KernelFunc,
  });
}

/** True when the active backend is wasm and these kernels are registered. */
export function useWasmOptimizerKernels(): boolean {
  return tf.getBackend() === 'wasm' && tf.getKernel(ADAMW_ALL, 'wasm') !== undefined;
}

/** Σ over all tensors of Σ x² as a float32 scalar: per tensor in float64, then pairwise in float32 like grad-clip.ts. */
function sumOfSquaresKernel({
  inputs,
  backend,
}: {
  inputs: Record<string, tf.TensorInfo>;
  backend: HeapBackend;
}): tf.TensorInfo {
  const out = backend.makeOutput([], 'float32');
  let level = Object.keys(inputs)
    .sort(byIndex)
    .map((key) => {
      const x = backend.typedArrayFromHeap(inputs[key]);
      let sum = 0;
      for (let i = 0; i < x.length; i++) sum += f(x[i] * x[i]);
      return f(sum);
    });
  while (level.length > 1) {
    const next: number[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? f(level[i] + level[i + 1]) : level[i]);
    level = next;
  }
  backend.typedArrayFromHeap(out)[0] = level[0] ?? 0;
  return out;
}

/** Inputs p<i>, m<i>, v<i>, g<i> for each variable and `scale`; outputs [p0', m0', v0', p1', ...]. */
function adamWKernel({
  inputs,
  backend,
  attrs,
}: {
  inputs: Record<string, tf.TensorInfo>;
  backend: HeapBackend;
  attrs: AdamWAllAttrs;
}): tf.TensorInfo[] {
  const count = attrs.decayFactors.length;
  const outputs: tf.TensorInfo[] = [];
  // allocate every output first: an allocation may grow the wasm memory, which detaches earlier views
  for (let i = 0; i < count; i++)
    for (const name of ['p', 'm', 'v']) outputs.push(backend.makeOutput(inputs[`${name}${i}`].shape, 'float32'));
  const scale = backend.typedArrayFromHeap(inputs.scale)[0];
  const beta1 = f(attrs.beta1);
  const beta2 = f(attrs.beta2);
  const oneMinusBeta1 = f(1 - attrs.beta1);
  const oneMinusBeta2 = f(1 - attrs.beta2);
  const stepSize = f(attrs.stepSize);
  const sqrtBc2 = f(attrs.sqrtBiasCorrection2);
  const epsilon = f(attrs.epsilon);
  for (let i = 0; i < count; i++) {
    const [p, m, v, g] = ['p', 'm', 'v', 'g'].map((name) => backend.typedArrayFromHeap(inputs[`${name}${i}`]));
    const [pOut, mOut, vOut] = outputs.slice(3 * i, 3 * i + 3).map((t) => backend.typedArrayFromHeap(t));
    const decay = f(attrs.decayFactors[i]);
    for (let j = 0; j < p.length; j++) {
      const gj = f(g[j] * scale);
      const m1 = f(f(m[j] * beta1) + f(gj * oneMinusBeta1));
      const v1 = f(f(v[j] * beta2) + f(f(gj * gj) * oneMinusBeta2));
      const decayed = decay === 1 ? p[j] : f(p[j] * decay);
      const denominator = f(f(f(Math.sqrt(v1)) / sqrtBc2) + epsilon);
      pOut[j] = f(decayed - f(f(m1 / denominator) * stepSize));
      mOut[j] = m1;
      vOut[j] = v1;
    }
  }
  return outputs;
}

function byIndex(a: string, b: string): number {
  return Number(a.slice(1)) - Number(b.slice(1));
}

/** Σ x² over all `tensors` in one wasm kernel call. */
export function wasmSumOfSquares(tensors: readonly tf.Tensor[]): tf.Scalar {
  const inputs = Object.fromEntries(tensors.map((t, i) => [`x${i}`, t]));
  return tf.engine().runKernel(SUM_OF_SQUARES, inputs as tf.NamedTensorMap) as tf.Scalar;
}

/** One AdamW step of every (param, m, v) with gradient `grads[i] * scale`; the variables take the new values. */
export function wasmAdamWUpdate(
  slots: readonly { param: tf.Variable; m: tf.Variable; v: tf.Variable }[],
  grads: readonly tf.Tensor[],
  scale: tf.Tensor,
  attrs: AdamWAllAttrs,
): void {
  const inputs: Record<string, tf.Tensor> = { scale };
  slots.forEach((slot, i) => {
    if (grads[i].size !== slot.param.size)
      throw new RangeError(`wasmAdamWUpdate: gradient ${i} has ${grads[i].size} values for ${slot.param.size}`);
    inputs[`p${i}`] = slot.param;
    inputs[`m${i}`] = slot.m;
    inputs[`v${i}`] = slot.v;
    inputs[`g${i}`] = grads[i];
  });
  const outputs = tf.engine().runKernel(ADAMW_ALL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  slots.forEach((slot, i) => {
    slot.param.assign(outputs[3 * i]);
    slot.m.assign(outputs[3 * i + 1]);
    slot.v.assign(outputs[3 * i + 2]);
  });
  tf.dispose(outputs);
}
