/**
 * The tfjs WebAssembly backend (XNNPACK matmuls, SIMD) as a CPU training backend. Its .wasm binaries
 * ship inside the package; Node's loader reads them from the file system, so the path is the
 * package's own dist folder (inside a packed app, Electron's fs reads them from the archive).
 *
 * Threads: tfjs 4.22 reports no multithread support under Node (its flag is hard-wired false there,
 * and the threaded build's pthreads need the browser's Worker), so the single-threaded SIMD build is
 * what runs; the note recorded with a run says which build was used.
 *
 * Its BatchMatMul hands only untransposed operands to XNNPACK; with transposeA or transposeB (every
 * weight and input gradient of a dense layer, the attention scores) it falls back to a plain loop more
 * than ten times slower than an explicit transpose plus the XNNPACK matmul (measured: a 544x256 by
 * 544x64 weight gradient, 38 ms vs 3 ms). The kernel is wrapped to transpose first; the arithmetic
 * (each dot product in the same order of terms) is XNNPACK's either way.
 */
import * as tf from '../tfjs.js';
import { createRequire } from 'node:module';
import path from 'node:path';

let installed: Promise<string> | undefined;

/** Registers the wasm backend (once) and returns which build tfjs will load, e.g. 'SIMD, 1 thread'. */
export function installWasm(): Promise<string> {
  installed ??= (async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    transposeBeforeMatMul();
    const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(path.dirname(entry) + path.sep);
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    return `${simd ? 'SIMD' : 'no SIMD'}, ${threads ? `${wasm.getThreadsCount()} threads` : '1 thread'}`;
  })();
  return installed;
}

/** Re-registers the wasm BatchMatMul so that transposed operands are transposed explicitly first. */
function transposeBeforeMatMul(): void {
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!original || !transpose || (original.kernelFunc as { transposesFirst?: boolean }).transposesFirst) return;
  const kernelFunc = ((args: { inputs: { a: tf.TensorInfo; b: tf.TensorInfo }; backend: tf.KernelBackend; attrs: { transposeA: boolean; transposeB: boolean } }) => {
    const { inputs, backend, attrs } = args;
    if (!attrs.transposeA && !attrs.transposeB) return original.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]);
    const swapped: tf.TensorInfo[] = [];
    const untransposed = (x: tf.TensorInfo, flag: boolean): tf.TensorInfo => {
      if (!flag) return x;
      const rank = x.shape.length;
      const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
      const t = transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } } as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
      swapped.push(t);
      return t;
    };
    try {
      return original.kernelFunc({
        inputs: { a: untransposed(inputs.a, attrs.transposeA), b: untransposed(inputs.b, attrs.transposeB) },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      } as unknown as Parameters<tf.KernelFunc>[0]);
    } finally {
      for (const t of swapped) backend.disposeData(t.dataId);
    }
  }) as unknown as tf.KernelFunc;
  (kernelFunc as { transposesFirst?: boolean }).transposesFirst = true;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...original, kernelFunc });
}
