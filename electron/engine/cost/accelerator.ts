import { engineNote } from '../../shared/engine-notes.js';

/**
 * Whether a run's backend computed on a GPU. GPU-hours, GPU prices and nvidia-smi energy only mean
 * something for a GPU run; a CPU pilot (tfjs cpu or wasm backend, tfjs-node without CUDA, WebGPU on a software
 * Vulkan adapter such as lavapipe) still gets device-hours, but callers must say they are not GPU-hours.
 */
export type Accelerator = 'gpu' | 'cpu' | 'unknown';

export interface BackendRecord {
  backend: string | null;
  device: string | null;
  /** The backend notes, joined or as lines (runs.backend_notes holds them newline-separated). */
  notes?: string | readonly string[] | null;
}

/** Names of software rasterisers that Dawn can expose as a WebGPU adapter. */
const SOFTWARE_ADAPTER = /lavapipe|llvmpipe|swiftshader|software/i;

export function acceleratorOf(run: BackendRecord): { kind: Accelerator; reason: string } {
  const device = run.device ?? '';
  const notes = typeof run.notes === 'string' ? run.notes : (run.notes ?? []).join('\n');
  switch (run.backend) {
    case null:
      return { kind: 'unknown', reason: engineNote('accelerator.neverStarted') };
    case 'cpu':
      return { kind: 'cpu', reason: engineNote('accelerator.cpu', { device: device || 'CPU' }) };
    case 'wasm':
      return { kind: 'cpu', reason: engineNote('accelerator.wasm', { device: device || 'CPU' }) };
    case 'tensorflow':
      // backends.ts names the device 'TensorFlow (CUDA, tfjs-node-gpu)' or 'TensorFlow (CPU, tfjs-node)'
      return /CUDA/.test(device)
        ? { kind: 'gpu', reason: device }
        : { kind: 'cpu', reason: engineNote('accelerator.tensorflowCpu', { device: device || 'tfjs-node' }) };
    case 'webgpu':
      return /software adapter/.test(notes) || SOFTWARE_ADAPTER.test(device)
        ? { kind: 'cpu', reason: engineNote('accelerator.webgpuSoftware', { device: device || '?' }) }
        : { kind: 'gpu', reason: `WebGPU on ${device || 'a hardware adapter'}` };
    default:
      return { kind: 'unknown', reason: engineNote('accelerator.unknownBackend', { backend: String(run.backend) }) };
  }
}

/** True when the backend computed on a GPU: only then is GPU board power (nvidia-smi) the run's energy. */
export function backendUsesGpu(run: BackendRecord): boolean {
  return acceleratorOf(run).kind === 'gpu';
}
