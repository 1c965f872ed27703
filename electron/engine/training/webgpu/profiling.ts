/**
 * Where a step's device time goes. `profilePhase` runs a synchronous piece of work (forward,
 * backward, clipping, optimizer) under tf.time, which on the webgpu backend ends the compute pass
 * after every dispatch and times it with timestamp queries (Dawn exposes 'timestamp-query' on
 * NVIDIA and on lavapipe), so it reports per-program GPU time and dispatch counts. Profiling
 * serialises the dispatches, so the phase total is an upper bound on the unprofiled step. On other
 * backends only the wall time is measured.
 */
import * as tf from '../../tfjs.js';

export interface ProgramTime {
  name: string;
  count: number;
  ms: number;
}

export interface PhaseProfile {
  phase: string;
  /** Wall time from start to the device having finished (ms). */
  wallMs: number;
  /** Sum of the GPU timestamps of the phase's dispatches (0 without timestamp queries). */
  kernelMs: number;
  dispatches: number;
  programs: ProgramTime[];
}

/** Waits until the device has finished everything submitted (webgpu); a no-op elsewhere. */
export async function deviceIdle(): Promise<void> {
  if (tf.getBackend() !== 'webgpu') return;
  const backend = tf.backend() as unknown as {
    ensureCommandEncoderReady(): void;
    endComputePassEncoder(): void;
    submitQueue(): void;
    queue: GPUQueue;
  };
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  backend.submitQueue();
  await backend.queue.onSubmittedWorkDone();
}

/** "name: ms, name: ms" as tfjs-backend-webgpu's getExtraProfileInfo writes it, grouped by name. */
function groupPrograms(info: string): ProgramTime[] {
  const byName = new Map<string, ProgramTime>();
  for (const item of info.split(', ')) {
    const at = item.lastIndexOf(': ');
    if (at < 0) continue;
    const name = item.slice(0, at);
    const p = byName.get(name) ?? { name, count: 0, ms: 0 };
    p.count++;
    p.ms += Number(item.slice(at + 2)) || 0;
    byName.set(name, p);
  }
  return [...byName.values()].sort((a, b) => b.ms - a.ms || b.count - a.count);
}

export async function profilePhase(phase: string, work: () => void): Promise<PhaseProfile> {
  await deviceIdle();
  const start = performance.now();
  const timing = (await tf.time(work)) as tf.TimingInfo & { getExtraProfileInfo?: () => string };
  await deviceIdle();
  const wallMs = performance.now() - start;
  const programs = timing.getExtraProfileInfo ? groupPrograms(timing.getExtraProfileInfo()) : [];
  return {
    phase,
    wallMs,
    kernelMs: typeof timing.kernelMs === 'number' ? timing.kernelMs : 0,
    dispatches: programs.reduce((n, p) => n + p.count, 0),
    programs,
  };
}
