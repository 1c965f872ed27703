import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import { installTiledMatMul } from '../../../electron/engine/training/webgpu/matmul-kernel.ts';
import type { ComputeDevice } from '../../../electron/shared/compute-session.ts';
import { describeAdapter, type GpuLike } from '../lib/webgpu-adapter.ts';

interface DeviceLike {
  addEventListener(type: 'uncapturederror', listener: (e: { error?: { message?: string } }) => void): void;
}

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
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not initialise its webgpu backend');
  await tf.ready();
  installTiledMatMul();
  // A validation or out-of-memory error does not throw: the failing kernel is skipped. Collect them so the
  // step fails instead of training on garbage (as backends.ts does for Dawn).
  (tf.backend() as unknown as { device: DeviceLike }).device.addEventListener('uncapturederror', (e) => {
    if (deviceErrors.length < 20) deviceErrors.push((e.error?.message ?? 'unknown WebGPU error').split('\n')[0]);
  });
  return { backend: 'webgpu', ...describeAdapter(adapter) };
}

export function takeDeviceErrors(): string[] {
  return deviceErrors.splice(0);
}
