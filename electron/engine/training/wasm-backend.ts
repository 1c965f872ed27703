/**
 * The tfjs WebAssembly backend (XNNPACK matmuls, SIMD) as a CPU training backend. Its .wasm binaries
 * ship inside the package; Node's loader reads them from the file system, so the path is the
 * package's own dist folder (inside a packed app, Electron's fs reads them from the archive).
 *
 * Threads: tfjs 4.22 reports no multithread support under Node (its flag is hard-wired false there,
 * and the threaded build's pthreads need the browser's Worker), so the single-threaded SIMD build is
 * what runs; the note recorded with a run says which build was used.
 *
 * Two of its kernels take slow paths that a training step hits on every layer (batched or transposed
 * matmuls, slices); wasm-kernels.ts replaces them with kernels computing the same values. The
 * optimizer's clip and update run as one kernel call each over all variables (wasm-optimizer-kernels.ts),
 * and LayerNorm, the attention softmax and the BCE loss as one call each way
 * (wasm-fused-kernels.ts).
 */
import * as tf from '../tfjs.js';
import { createRequire } from 'node:module';
import path from 'node:path';
import { installWasmKernels } from './wasm-kernels.js';
import { installWasmFusedKernels } from './wasm-fused-kernels.js';
import { installWasmOptimizerKernels } from './wasm-optimizer-kernels.js';

let installed: Promise<string> | undefined;

/** Registers the wasm backend (once) and returns which build tfjs will load, e.g. 'SIMD, 1 thread'. */
export function installWasm(): Promise<string> {
  installed ??= (async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    installWasmKernels();
    installWasmOptimizerKernels();
    installWasmFusedKernels();
    const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(path.dirname(entry) + path.sep);
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    return `${simd ? 'SIMD' : 'no SIMD'}, ${threads ? `${wasm.getThreadsCount()} threads` : '1 thread'}`;
  })();
  return installed;
}
