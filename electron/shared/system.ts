import { z } from 'zod';

/**
 * What the Home screen shows about this machine: which compute backends can train here, on which device,
 * which one `auto` would pick and why the others are not used; the NVIDIA GPU nvidia-smi reports, if any.
 */
export const BackendStatusSchema = z.object({
  name: z.enum(['tensorflow', 'webgpu', 'wasm', 'cpu']),
  available: z.boolean(),
  /** Device as the backend reports it ('' when unavailable). */
  device: z.string(),
  /** WebGPU: true on a hardware adapter, false on a software one (lavapipe); null for the others. */
  hardware: z.boolean().nullable(),
  /** Why it is unavailable, or what to know about it. */
  note: z.string(),
});

export const SystemStatusSchema = z.object({
  app_version: z.string(),
  node: z.string(),
  platform: z.string(),
  arch: z.string(),
  cpu: z.object({ model: z.string(), cores: z.number().int() }),
  memory_gb: z.number(),
  home: z.string(),
  backends: z.array(BackendStatusSchema),
  /** The backend `auto` trains on without measuring: tensorflow, else a hardware WebGPU adapter, else the fastest of wasm, software WebGPU and cpu (measured when a run starts). */
  recommended: z.object({
    backend: z.enum(['tensorflow', 'webgpu', 'wasm', 'cpu']),
    device: z.string(),
    reason: z.string(),
  }),
  /**
   * The desktop app, where a run without tfjs-node-gpu trains on Chromium's WebGPU in a hidden compute window
   * (Dawn cannot run there): that window's adapter, GPU or software, is known only when a run starts.
   */
  compute_window: z.boolean(),
  /** GPUs as nvidia-smi lists them; empty where it is missing. */
  gpus: z.array(z.object({ name: z.string(), driver: z.string(), memory_mb: z.number().nullable() })),
  /** Why no GPU is listed ('' when one is). */
  gpu_note: z.string(),
});

export type BackendStatus = z.output<typeof BackendStatusSchema>;
export type SystemStatus = z.output<typeof SystemStatusSchema>;
