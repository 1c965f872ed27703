/**
 * Replacement kernels for the tfjs wasm backend (4.22) where its own kernel takes a slow path that a
 * training step hits on every layer. Each computes the same values as the kernel it replaces (the
 * arithmetic is XNNPACK's or a plain copy), so losses stay those of the cpu backend.
 *
 * - BatchMatMul: the backend hands XNNPACK only one untransposed [1, M, K] x [1, K, N] product; a
 *   transposed operand or a batch dimension above 1 runs a scalar triple loop instead (measured on
 *   the probe config: the attention's [128, 64, 64] x [128, 64, 96] products at ~2 GFLOP/s against
 *   ~30 for XNNPACK; a transposed dense-layer gradient 38 ms against 3 ms). Here transposed operands
 *   are transposed explicitly, and a batched product runs as one XNNPACK product per batch entry on
 *   views into the operands' heap memory (registered as tensors of the backend's C++ side, never
 *   copied, unregistered right after).
 * - Slice: the backend copies the whole input out of the wasm heap before taking even a contiguous
 *   slice (the attention's q, k and v thirds of a [3, B·H, N, d] tensor: three copies of the whole
 *   tensor per layer); a contiguous slice here is one copy of its own bytes inside the heap.
 * - Identity: the engine clones every tensor it keeps for the backward pass through this kernel (about
 *   a hundred calls a tiny-config step), and the backend copies the data each time. Tensors are never
 *   written in place, so here, as on the cpu backend, the clone shares the data (one more reference).
 */
import * as tf from '../tfjs.js';

interface WasmModule {
  HEAPU8: Uint8Array;
  cwrap(name: string, ret: null, args: string[]): (...args: unknown[]) => void;
  tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
}

/** The parts of tfjs's BackendWasm these kernels use (not in its public typings). */
interface WasmBackend extends tf.KernelBackend {
  wasm: WasmModule;
  dataIdNextNumber: number;
  dataIdMap: { get(dataId: tf.DataId): { id: number; memoryOffset: number } };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

type KernelArgs<I, A> = { inputs: I; backend: WasmBackend; attrs: A };
const FLOAT_BYTES = 4;
/** Marks a kernel function as one of these replacements, so installing twice is harmless. */
const REPLACED = Symbol.for('catlip.wasmKernelReplaced');

/** Re-registers BatchMatMul, Slice and Identity on the wasm backend (once). Call after the backend's module loaded its kernels. */
export function installWasmKernels(): void {
  replaceKernel('BatchMatMul', (original, transpose) => (args) => batchMatMul(args as never, original, transpose));
  replaceKernel('Slice', (original) => (args) => slice(args as never, original));
  replaceKernel('Identity', (original) => (args) => identity(args as never, original));
}

function replaceKernel(name: string, make: (original: tf.KernelFunc, transpose: tf.KernelFunc) => tf.KernelFunc): void {
  const original = tf.getKernel(name, 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!original || !transpose || (original.kernelFunc as { [REPLACED]?: boolean })[REPLACED]) return;
  const kernelFunc = make(original.kernelFunc, transpose.kernelFunc);
  (kernelFunc as { [REPLACED]?: boolean })[REPLACED] = true;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...original, kernelFunc });
}

let matMulFn: { module: WasmModule; call: (...args: unknown[]) => void } | undefined;

/** The backend's exported C++ BatchMatMul (the same entry its own kernel calls). */
function wasmMatMul(module: WasmModule): (...args: unknown[]) => void {
  if (matMulFn?.module !== module) {
    const call = module.cwrap('BatchMatMul', null, [
      'number',
      'array',
      'number',
      'number',
      'array',
      'number',
      'number',
      'number',
      'number',
    ]);
    matMulFn = { module, call };
  }
  return matMulFn.call;
}

function shapeBytes(shape: number[]): Uint8Array {
  return new Uint8Array(new Int32Array(shape).buffer);
}

function batchMatMul(
  args: KernelArgs<{ a: tf.TensorInfo; b: tf.TensorInfo }, { transposeA: boolean; transposeB: boolean }>,
  original: tf.KernelFunc,
  transpose: tf.KernelFunc,
): tf.TensorInfo {
  const { inputs, backend, attrs } = args;
  const temporaries: tf.TensorInfo[] = [];
  const untransposed = (x: tf.TensorInfo, flag: boolean): tf.TensorInfo => {
    if (!flag) return x;
    const rank = x.shape.length;
    const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
    const t = transpose({ inputs: { x }, backend, attrs: { perm } } as never) as tf.TensorInfo;
    temporaries.push(t);
    return t;
  };
  try {
    const a = untransposed(inputs.a, attrs.transposeA);
    const b = untransposed(inputs.b, attrs.transposeB);
    const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
    const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
    const plain = { a, b };
    if ((batchA === 1 && batchB === 1) || a.dtype !== 'float32' || b.dtype !== 'float32') {
      return original({
        inputs: plain,
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      } as never) as tf.TensorInfo;
    }
    return perBatchMatMul(backend, a, b, batchA, batchB);
  } finally {
    for (const t of temporaries) backend.disposeData(t.dataId);
  }
}

/** [..., M, K] x [..., K, N] with batch > 1: one XNNPACK product per batch entry, on heap views. */
function perBatchMatMul(
  backend: WasmBackend,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  batchA: number,
  batchB: number,
): tf.TensorInfo {
  const [m, k] = a.shape.slice(-2);
  const n = b.shape[b.shape.length - 1];
  if (b.shape[b.shape.length - 2] !== k)
    throw new Error(`matMul: inner dimensions ${k} and ${b.shape[b.shape.length - 2]} differ`);
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batch = Math.max(batchA, batchB);
  if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1))
    throw new Error('matMul: only a batch of 1 broadcasts on the wasm backend');
  const out = backend.makeOutput([...outer, m, n], 'float32');
  const call = wasmMatMul(backend.wasm);
  const aBase = backend.dataIdMap.get(a.dataId).memoryOffset;
  const bBase = backend.dataIdMap.get(b.dataId).memoryOffset;
  const outBase = backend.dataIdMap.get(out.dataId).memoryOffset;
  const aShape = shapeBytes([1, m, k]);
  const bShape = shapeBytes([1, k, n]);
  for (let i = 0; i < batch; i++) {
    const ids = [backend.dataIdNextNumber++, backend.dataIdNextNumber++, backend.dataIdNextNumber++];
    backend.wasm.tfjs.registerTensor(ids[0], m * k, aBase + (batchA === 1 ? 0 : i) * m * k * FLOAT_BYTES);
    backend.wasm.tfjs.registerTensor(ids[1], k * n, bBase + (batchB === 1 ? 0 : i) * k * n * FLOAT_BYTES);
    backend.wasm.tfjs.registerTensor(ids[2], m * n, outBase + i * m * n * FLOAT_BYTES);
    try {
      call(ids[0], aShape, 3, ids[1], bShape, 3, false, false, ids[2]);
    } finally {
      // unregisters the views (and XNNPACK's operator cached on the b view); the memory is the operands'
      for (const id of ids) backend.wasm.tfjs.disposeData(id);
    }
  }
  return out;
}

function slice(
  args: KernelArgs<{ x: tf.TensorInfo }, { begin: number | number[]; size: number | number[] }>,
  original: tf.KernelFunc,
): tf.TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs.begin, attrs.size);
  if (x.dtype === 'string' || !tf.slice_util.isSliceContinous(x.shape, begin, size))
    return original(args as never) as tf.TensorInfo;
  const bytes = x.dtype === 'bool' ? 1 : 4;
  const offset = tf.slice_util.computeFlatOffset(begin, tf.util.computeStrides(x.shape));
  const count = tf.util.sizeFromShape(size);
  const out = backend.makeOutput(size, x.dtype);
  // read the heap after makeOutput: allocating may grow the wasm memory and replace HEAPU8
  const from = backend.dataIdMap.get(x.dataId).memoryOffset + offset * bytes;
  backend.wasm.HEAPU8.copyWithin(backend.dataIdMap.get(out.dataId).memoryOffset, from, from + count * bytes);
  return out;
}

function identity(args: KernelArgs<{ x: tf.TensorInfo }, object>, original: tf.KernelFunc): tf.TensorInfo {
  const { x } = args.inputs;
  if (x.dtype === 'string') return original(args as never) as tf.TensorInfo;
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}
