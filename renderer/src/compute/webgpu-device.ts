import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import { installTiledMatMul } from '../../../electron/engine/training/webgpu/matmul-kernel.ts';
import { isSoftwareAdapter } from '../../../electron/engine/training/webgpu/webgpu-backend.ts';
import type { ComputeDevice } from '../../../electron/shared/compute-session.ts';

// The few WebGPU fields used here; adapter.info (Chromium 114+) is newer than the DOM lib's GPUAdapter type.
interface AdapterInfoLike { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean }
interface GpuLike { requestAdapter(): Promise<{ info?: AdapterInfoLike; isFallbackAdapter?: boolean } | null> }
interface DeviceLike { addEventListener(type: 'uncapturederror', listener: (e: { error?: { message?: string } }) => void): void }

const deviceErrors: string[] = [];

/**
 * Activates tfjs's webgpu backend on Chromium's WebGPU and describes the adapter. Fails with the reason
 * when the page has no WebGPU or no adapter (then `--backend auto` trains on the cpu in the trainer).
 */
export async function activateWebgpu(): Promise<ComputeDevice> {
  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
  if (!gpu) throw new Error('this Chromium exposes no WebGPU (navigator.gpu is missing)');
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('WebGPU found no adapter (GPU blocklisted or no driver)');
  const info = adapter.info ?? {};
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not initialise its webgpu backend');
  await tf.ready();
  installTiledMatMul();
  // A validation or out-of-memory error does not throw: the failing kernel is skipped. Collect them so the
  // step fails instead of training on garbage (as backends.ts does for Dawn).
  (tf.backend() as unknown as { device: DeviceLike }).device.addEventListener('uncapturederror', (e) => {
    if (deviceErrors.length < 20) deviceErrors.push((e.error?.message ?? 'unknown WebGPU error').split('\n')[0]);
  });
  const software = isSoftwareAdapter({ ...info, isFallbackAdapter: info.isFallbackAdapter === true || adapter.isFallbackAdapter === true });
  const device = [info.vendor, info.architecture, info.description || info.device].filter(Boolean).join(': ') || 'unknown WebGPU adapter';
  return { backend: 'webgpu', device, software };
}

export function takeDeviceErrors(): string[] {
  return deviceErrors.splice(0);
}
