/**
 * Which implementation the model's hot ops use. 'fused': the custom WGSL kernels in this folder
 * (layer norm, attention, bias+activation, BCE, AdamW) on the webgpu backend, and the JavaScript
 * kernels of ../wasm-fused-kernels.ts (layer norm, attention softmax, BCE) on the
 * wasm backend. 'tfjs': compositions of plain tfjs ops, the reference every fused kernel is tested
 * against, and the only path on the cpu and tensorflow backends (those are unchanged by the fused kernels).
 *
 * Resolved per call from the active backend, so the model code needs no plumbing: the default is
 * fused on webgpu and wasm. `CATLIP_KERNELS=tfjs` (or setKernelMode('tfjs')) forces the plain ops there
 * too, which is what `bench:train --kernels tfjs` uses to measure before/after in one build.
 */
import * as tf from '../../tfjs.js';

export type KernelMode = 'fused' | 'tfjs';

let requested: KernelMode | undefined;

export function parseKernelMode(value: string | undefined): KernelMode | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'fused' || value === 'tfjs') return value;
  throw new RangeError(`kernels must be 'fused' or 'tfjs', got '${value}'`);
}

/** Overrides the environment's choice (undefined: back to CATLIP_KERNELS / the default). */
export function setKernelMode(mode: KernelMode | undefined): void {
  requested = mode;
}

/** The mode asked for on webgpu and wasm: setKernelMode, else CATLIP_KERNELS, else fused. */
export function requestedKernelMode(): KernelMode {
  // the compute window (a browser page) has no process: there only setKernelMode or the default applies
  const env = typeof process === 'undefined' ? undefined : process.env.CATLIP_KERNELS;
  return requested ?? parseKernelMode(env) ?? 'fused';
}

/** The mode in effect for `backend` (default: the active one). Backends other than webgpu and wasm always get 'tfjs'. */
export function kernelModeFor(backend: string = tf.getBackend()): KernelMode {
  return backend === 'webgpu' || backend === 'wasm' ? requestedKernelMode() : 'tfjs';
}

/** True when the ops should dispatch the fused WGSL kernels now (webgpu only). */
export function useFusedKernels(): boolean {
  const backend = tf.getBackend();
  return backend === 'webgpu' && kernelModeFor(backend) === 'fused';
}
