import { isSoftwareAdapter } from '../../../electron/engine/training/webgpu/webgpu-backend.ts';

/** The few WebGPU fields used here; adapter.info (Chromium 114+) is newer than the DOM lib's GPUAdapter type. */
export interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
export interface AdapterLike {
  info?: AdapterInfoLike;
  isFallbackAdapter?: boolean;
}
export interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}

/** An adapter as the app shows it: a readable name, and whether it is a software one (SwiftShader, lavapipe). */
export function describeAdapter(adapter: AdapterLike): { device: string; software: boolean } {
  const info = adapter.info ?? {};
  const software = isSoftwareAdapter({
    ...info,
    isFallbackAdapter: info.isFallbackAdapter === true || adapter.isFallbackAdapter === true,
  });
  const device =
    [info.vendor, info.architecture, info.description || info.device].filter(Boolean).join(': ') ||
    'unknown WebGPU adapter';
  return { device, software };
}

export type AdapterProbe =
  | { state: 'hardware' | 'software'; device: string }
  | { state: 'none'; reason: 'no-webgpu' | 'no-adapter' | 'failed'; detail: string };

/**
 * What this Chromium's WebGPU offers. In the desktop app the compute window runs in the same Chromium with
 * the same switches, so the app window's answer is the adapter a run would get.
 */
export async function probeWebgpuAdapter(
  gpu: GpuLike | undefined = (navigator as unknown as { gpu?: GpuLike }).gpu,
): Promise<AdapterProbe> {
  if (!gpu) return { state: 'none', reason: 'no-webgpu', detail: 'navigator.gpu is missing' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { state: 'none', reason: 'no-adapter', detail: 'requestAdapter() returned no adapter' };
    const { device, software } = describeAdapter(adapter);
    return { state: software ? 'software' : 'hardware', device };
  } catch (e) {
    return { state: 'none', reason: 'failed', detail: e instanceof Error ? e.message : String(e) };
  }
}
