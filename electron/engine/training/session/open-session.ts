import {
  BackendUnavailable,
  fastestWithoutGpu,
  selectBackend,
  type BackendChoice,
  type BackendRequest,
} from '../backends.js';
import { createLocalSession } from './local-model-session.js';
import type { ModelSession, SessionInit } from './model-session.js';
import { RemoteModelSession, type ComputeConnection } from './remote-model-session.js';

/** Opens a connection to a compute window (given by the desktop app's trainer host only). */
export type ComputeOpener = () => Promise<ComputeConnection>;

export const COMPUTE_WINDOW_NOTE = "webgpu: Chromium's WebGPU in the app's hidden compute window";

/**
 * The trainer's model session and the backend it runs on. In plain Node (CLI, serve mode, tests without a
 * compute opener) the model runs in this process on `selectBackend`'s choice. Inside the desktop app
 * (`openCompute` given), Dawn cannot work (backends.ts: dawnBlockedReason), so `auto` keeps tfjs-node(-gpu)
 * first and otherwise, like `webgpu`, trains in the compute window; `auto` falls back to the faster of the
 * wasm and cpu backends (measured) when that window has no WebGPU or only a software adapter, `webgpu`
 * fails instead — also on a software adapter, unless the run allows one (`allowSoftwareAdapter`): a pilot
 * never trains on a CPU-emulated GPU without the user choosing it.
 */
export async function openModelSession(
  request: BackendRequest,
  init: SessionInit,
  openCompute?: ComputeOpener,
): Promise<{ session: ModelSession; backend: BackendChoice }> {
  if (!openCompute || (request !== 'auto' && request !== 'webgpu')) {
    const backend = await selectBackend(request);
    return { session: createLocalSession(init), backend };
  }
  const notes: string[] = [];
  if (request === 'auto') {
    try {
      const backend = await selectBackend('tensorflow');
      return { session: createLocalSession(init), backend };
    } catch (e) {
      if (!(e instanceof BackendUnavailable)) throw e;
      notes.push(e.message);
    }
  }
  try {
    const remote = await RemoteModelSession.open(await openCompute(), init);
    const { backend, device, software } = remote.device;
    if (request === 'webgpu' && software && !init.config.allowSoftwareAdapter) {
      await remote.dispose();
      throw new BackendUnavailable(softwareAdapterRefusal(device));
    }
    if (request === 'webgpu' || !software) {
      const adapterNote = software ? [`${backend}: software adapter (no GPU found)`] : [];
      return { session: remote, backend: { backend, device, notes: [...notes, COMPUTE_WINDOW_NOTE, ...adapterNote] } };
    }
    await remote.dispose();
    notes.push(`webgpu: the compute window has only a software adapter (${device}); auto trains on the CPU instead`);
  } catch (e) {
    if (e instanceof BackendUnavailable) throw e;
    const message = `webgpu (compute window): ${e instanceof Error ? e.message : String(e)}`;
    if (request === 'webgpu') throw new BackendUnavailable(message);
    notes.push(message);
  }
  return { session: createLocalSession(init), backend: await fastestWithoutGpu(notes) };
}

/** Why `webgpu` refused a software adapter, with the ways on: a GPU backend, the cpu backend, or going on knowingly. */
export function softwareAdapterRefusal(device: string): string {
  return (
    `webgpu: the compute window's WebGPU has only a software adapter (${device}), which emulates a GPU on the CPU: ` +
    "training would be slow and its timings would not be a GPU's. Choose one: install @tensorflow/tfjs-node-gpu (CUDA) " +
    'and train with backend auto or tensorflow; train on the CPU with backend cpu; or allow the software adapter for this ' +
    'run (wizard, Budget step: "Allow a software GPU adapter"). On Linux, a GPU adapter needs the GPU\'s Vulkan driver.'
  );
}
