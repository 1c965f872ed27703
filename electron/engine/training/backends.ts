import * as tf from '../tfjs.js';
import os from 'node:os';
import { requestedKernelMode } from './webgpu/kernel-mode.js';
import { installTiledMatMul } from './webgpu/matmul-kernel.js';
import { isSoftwareAdapter } from './webgpu/webgpu-backend.js';
import { installWasm } from './wasm-backend.js';

/**
 * Compute backends for training. `auto` picks, in order: tfjs-node-gpu (CUDA) or tfjs-node (CPU, oneDNN)
 * when they load; WebGPU through the `webgpu` npm package (Dawn) on a hardware adapter; then whichever of
 * the WebAssembly backend (XNNPACK, SIMD), WebGPU on a software Vulkan adapter (Mesa lavapipe) and the
 * plain cpu backend is fastest here, by a short measurement. The choice is recorded with the device name
 * and why each other backend was not used.
 */
export type BackendRequest = 'auto' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
export type ActiveBackend = 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';

export interface BackendChoice {
  backend: ActiveBackend;
  /** Adapter / GPU / CPU name as the backend reports it. */
  device: string;
  /** Why the other backends were not used (or were not faster). */
  notes: string[];
}

export class BackendUnavailable extends Error {}

interface Probe {
  ok: boolean;
  device: string;
  note: string;
  hardware?: boolean;
}

async function probeTensorflow(): Promise<Probe> {
  const failures: string[] = [];
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(pkg);
      if (tf.findBackend('tensorflow')) {
        // on a CPU-only machine tfjs-node-gpu is absent (or cannot find CUDA) and tfjs-node loads: say why
        const note = failures.length ? `tensorflow: ${failures.join('; ')}` : '';
        return {
          ok: true,
          device: pkg.endsWith('gpu') ? 'TensorFlow (CUDA, tfjs-node-gpu)' : 'TensorFlow (CPU, tfjs-node)',
          note,
        };
      }
      failures.push(`${pkg} loaded but registered no 'tensorflow' backend`);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      failures.push(
        code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
          ? `${pkg} is not installed`
          : `${pkg} failed to load (${firstLine(e)})`,
      );
    }
  }
  return {
    ok: false,
    device: '',
    note: `tensorflow: ${failures.join('; ')} (both are optional: they download libtensorflow at install, and tfjs-node-gpu needs CUDA)`,
  };
}

/** Registers the WebAssembly backend; it fails only where the package or its .wasm files are missing. */
async function probeWasm(): Promise<Probe> {
  try {
    const build = await installWasm();
    return { ok: true, device: cpuName(`tfjs wasm backend, ${build}`), note: '' };
  } catch (e) {
    return { ok: false, device: '', note: `wasm: ${firstLine(e)}` };
  }
}

let webgpuInstalled: Promise<Probe> | undefined;

/** Installs Dawn's WebGPU into this Node process (once) and reports the adapter. */
function probeWebgpu(): Promise<Probe> {
  webgpuInstalled ??= (async (): Promise<Probe> => {
    const blocked = dawnBlockedReason(process.versions);
    if (blocked) return { ok: false, device: '', note: blocked };
    try {
      const dawn = (await import('webgpu')) as unknown as {
        create(flags: string[]): GPULike;
        globals: Record<string, unknown>;
      };
      const gpu = dawn.create([]);
      const adapter = await gpu.requestAdapter();
      if (!adapter)
        return {
          ok: false,
          device: '',
          note: 'webgpu: Dawn found no adapter (no Vulkan/Metal/D3D12 driver for a GPU, and no software Vulkan such as Mesa 25 lavapipe)',
        };
      Object.assign(globalThis, dawn.globals);
      const nav = ((globalThis as { navigator?: object }).navigator ??= {}) as { gpu?: unknown };
      if (!nav.gpu) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
      await import('@tensorflow/tfjs-backend-webgpu');
      const info = adapter.info;
      const software = isSoftwareAdapter(info);
      const device = [info.vendor, info.description || info.device].filter(Boolean).join(': ') || 'unknown adapter';
      return { ok: true, device, hardware: !software, note: '' };
    } catch (e) {
      return { ok: false, device: '', note: `webgpu: ${firstLine(e)}` };
    }
  })();
  return webgpuInstalled;
}

/**
 * Dawn's Node binding hands tfjs mapped GPU memory as external ArrayBuffers, which Electron's V8 memory
 * cage refuses ("External buffers are not allowed"), in utility processes and ELECTRON_RUN_AS_NODE alike:
 * inside the desktop app WebGPU through Dawn is never tried; a trainer there runs its model in a compute
 * window on Chromium's WebGPU instead (session/open-session.ts; README: "GPU inside the app").
 */
export function dawnBlockedReason(versions: NodeJS.ProcessVersions): string | null {
  return versions.electron
    ? `webgpu: not used inside Electron ${versions.electron} — the webgpu (Dawn) package needs external ArrayBuffers, which Electron's V8 memory cage refuses; the app trains on tfjs-node-gpu (CUDA) or on Chromium's WebGPU in a compute window`
    : null;
}

interface GPULike {
  requestAdapter(): Promise<{
    info: { vendor: string; architecture: string; device: string; description: string; isFallbackAdapter?: boolean };
  } | null>;
}

async function activate(name: ActiveBackend): Promise<void> {
  if (!(await tf.setBackend(name))) throw new BackendUnavailable(`tfjs could not initialise the ${name} backend`);
  await tf.ready();
  if (name === 'webgpu') {
    watchDeviceErrors();
    installTiledMatMul();
  }
}

const deviceErrors: string[] = [];
let watchedDevice: unknown;

/**
 * A WebGPU validation or out-of-memory error does not throw: the failing kernel is skipped and its
 * output left undefined. Collect them so the trainer can fail the run instead of training on garbage.
 */
function watchDeviceErrors(): void {
  const device = (
    tf.backend() as unknown as {
      device?: { addEventListener?(type: string, cb: (e: { error?: { message?: string } }) => void): void };
    }
  ).device;
  if (!device?.addEventListener || device === watchedDevice) return;
  watchedDevice = device;
  device.addEventListener('uncapturederror', (e) => {
    if (deviceErrors.length < 20) deviceErrors.push((e.error?.message ?? 'unknown WebGPU error').split('\n')[0]);
  });
}

/** WebGPU errors since the last call (empty on other backends). */
export function takeDeviceErrors(): string[] {
  return deviceErrors.splice(0);
}

/** Milliseconds per step of a small transformer-like workload (after one warm-up), read back asynchronously. */
async function timeWorkload(name: ActiveBackend): Promise<number> {
  await activate(name);
  const run = async () => {
    const out = tf.tidy(() => {
      let x = tf.randomNormal([256, 256], 0, 1, 'float32', 1);
      const w = tf.randomNormal([256, 256], 0, 0.05, 'float32', 2);
      for (let i = 0; i < 6; i++) x = tf.relu(tf.matMul(x, w)).add(x);
      return tf.sum(x);
    });
    await out.data();
    out.dispose();
  };
  await run();
  const t = performance.now();
  for (let i = 0; i < 3; i++) await run();
  return (performance.now() - t) / 3;
}

export async function selectBackend(request: BackendRequest): Promise<BackendChoice> {
  const notes: string[] = [];
  if (request === 'wasm') {
    const wasm = await probeWasm();
    if (!wasm.ok) throw new BackendUnavailable(wasm.note);
    await activate('wasm');
    return { backend: 'wasm', device: wasm.device, notes: ['wasm: requested', kernelNote('wasm')] };
  }
  if (request === 'cpu') {
    await activate('cpu');
    return { backend: 'cpu', device: cpuName(), notes: ['cpu: requested'] };
  }
  if (request === 'tensorflow' || request === 'auto') {
    const t = await probeTensorflow();
    if (t.ok) {
      await activate('tensorflow');
      return { backend: 'tensorflow', device: t.device, notes: t.note ? [t.note] : notes };
    }
    if (request === 'tensorflow') throw new BackendUnavailable(t.note);
    notes.push(t.note);
  }
  const w = await probeWebgpu();
  if (request === 'webgpu') {
    if (!w.ok) throw new BackendUnavailable(w.note);
    await activate('webgpu');
    return {
      backend: 'webgpu',
      device: w.device,
      notes: [...(w.hardware ? notes : [...notes, 'webgpu: software adapter (no GPU found)']), kernelNote()],
    };
  }
  if (w.ok && w.hardware) {
    await activate('webgpu');
    return { backend: 'webgpu', device: w.device, notes: [...notes, kernelNote()] };
  }
  if (!w.ok) notes.push(w.note);
  return fastestWithoutGpu(notes, w.ok ? w.device : undefined);
}

/**
 * No GPU adapter: measures the CPU paths this machine has (wasm, WebGPU on the software adapter named by
 * `softwareAdapter`, the cpu backend) on a short workload and activates the fastest. `notes` so far are
 * kept and the measurement is added to them.
 */
export async function fastestWithoutGpu(notes: string[], softwareAdapter?: string): Promise<BackendChoice> {
  const wasm = await probeWasm();
  if (!wasm.ok) notes.push(wasm.note);
  const candidates: { backend: ActiveBackend; device: string; label: string }[] = [
    ...(wasm.ok ? [{ backend: 'wasm' as const, device: wasm.device, label: 'wasm' }] : []),
    ...(softwareAdapter
      ? [{ backend: 'webgpu' as const, device: softwareAdapter, label: 'webgpu on software adapter' }]
      : []),
    { backend: 'cpu', device: cpuName(), label: 'cpu' },
  ];
  const timed = [];
  for (const c of candidates) timed.push({ ...c, ms: await timeWorkload(c.backend) });
  const winner = timed.reduce((best, c) => (c.ms < best.ms ? c : best));
  notes.push(
    `measured: ${timed.map((c) => `${c.label} ${c.ms.toFixed(1)} ms`).join(' vs ')} per probe step → ${winner.backend}`,
  );
  await activate(winner.backend);
  return {
    backend: winner.backend,
    device: winner.device,
    notes: winner.backend === 'webgpu' || winner.backend === 'wasm' ? [...notes, kernelNote(winner.backend)] : notes,
  };
}

/** Which implementation of the hot ops a webgpu or wasm run uses (webgpu/kernel-mode.ts), for the run's record. */
function kernelNote(backend: 'webgpu' | 'wasm' = 'webgpu'): string {
  if (requestedKernelMode() !== 'fused') return 'kernels: plain tfjs ops (CATLIP_KERNELS=tfjs)';
  return backend === 'webgpu'
    ? 'kernels: fused WGSL kernels (tiled matmul, layer norm, attention, bias+activation, BCE, gradient norm, AdamW)'
    : 'kernels: fused JavaScript kernels on the wasm heap (layer norm, attention softmax, BCE)';
}

function cpuName(backend = 'tfjs cpu backend'): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? process.arch} (${cpus.length} cores, ${backend})`;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/**
 * What each backend would give without activating any (the Home screen's status): the same probes
 * `selectBackend` uses, so status and training never disagree about what is installed.
 */
export async function detectBackends(): Promise<{
  tensorflow: { ok: boolean; device: string; note: string };
  webgpu: { ok: boolean; device: string; hardware: boolean; note: string };
  wasm: { ok: boolean; device: string; note: string };
  cpu: { ok: true; device: string; note: string };
}> {
  const [t, w, wasm] = await Promise.all([probeTensorflow(), probeWebgpu(), probeWasm()]);
  return {
    tensorflow: { ok: t.ok, device: t.device, note: t.note },
    webgpu: { ok: w.ok, device: w.device, hardware: w.hardware === true, note: w.note },
    wasm: { ok: wasm.ok, device: wasm.device, note: wasm.note },
    cpu: { ok: true, device: cpuName(), note: 'the reference backend: always available, the slowest' },
  };
}
