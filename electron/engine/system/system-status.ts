import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendStatus, SystemStatus } from '../../shared/system.js';
import { detectBackends } from '../training/backends.js';
import { listNvidiaGpus } from './nvidia-gpus.js';
import { defaultExec, type ExecFn } from '../training/power-sampler.js';

type Detected = Awaited<ReturnType<typeof detectBackends>>;

/**
 * The machine as the Home screen shows it. Backend probing loads native modules and asks Dawn for an
 * adapter, so the result is kept for the life of the engine process unless a refresh is asked for.
 */
export class SystemStatusService {
  private cached: Promise<SystemStatus> | undefined;
  private computeWindow = false;

  constructor(
    private readonly home: string,
    private readonly deps: { detect?: () => Promise<Detected>; exec?: ExecFn } = {},
  ) {}

  /** In the desktop app trainers get the compute window (engine-host.ts), and `auto` prefers it to the cpu. */
  useComputeWindow(): void {
    this.computeWindow = true;
    this.cached = undefined;
  }

  get(refresh = false): Promise<SystemStatus> {
    if (refresh || !this.cached) {
      this.cached = this.collect();
      // a failed probe is not remembered: the next call tries again
      this.cached.catch(() => (this.cached = undefined));
    }
    return this.cached;
  }

  private async collect(): Promise<SystemStatus> {
    const [detected, gpus] = await Promise.all([
      (this.deps.detect ?? detectBackends)(),
      listNvidiaGpus(this.deps.exec ?? defaultExec),
    ]);
    const cpus = os.cpus();
    return {
      app_version: appVersion(),
      node: process.versions.node,
      platform: process.platform,
      arch: process.arch,
      cpu: { model: cpus[0]?.model?.trim() || process.arch, cores: cpus.length },
      memory_gb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      home: this.home,
      backends: backendRows(detected),
      recommended: recommend(detected, this.computeWindow),
      compute_window: this.computeWindow,
      gpus: gpus.gpus,
      gpu_note: gpus.note,
    };
  }
}

export function backendRows(d: Detected): BackendStatus[] {
  return [
    {
      name: 'tensorflow',
      available: d.tensorflow.ok,
      device: d.tensorflow.device,
      hardware: null,
      note: d.tensorflow.note,
    },
    {
      name: 'webgpu',
      available: d.webgpu.ok,
      device: d.webgpu.device,
      hardware: d.webgpu.ok ? d.webgpu.hardware : null,
      note:
        d.webgpu.ok && !d.webgpu.hardware
          ? 'software adapter (no GPU found): works, but a GPU trains far faster'
          : d.webgpu.note,
    },
    { name: 'wasm', available: d.wasm.ok, device: d.wasm.device, hardware: null, note: d.wasm.note },
    { name: 'cpu', available: true, device: d.cpu.device, hardware: null, note: d.cpu.note },
  ];
}

/**
 * The same order of preference as selectBackend('auto') — or, in the desktop app, as open-session.ts's `auto`
 * with the compute window — without the measurements those make when a run starts.
 */
export function recommend(d: Detected, computeWindow = false): SystemStatus['recommended'] {
  if (d.tensorflow.ok)
    return { backend: 'tensorflow', device: d.tensorflow.device, reason: 'tfjs-node(-gpu) is installed' };
  if (computeWindow) {
    return {
      backend: 'webgpu',
      device: COMPUTE_WINDOW_DEVICE,
      reason:
        "tfjs-node-gpu is not installed, so runs train in the app's hidden compute window; its adapter is checked when a run starts, and with only a software one there auto trains on the CPU",
    };
  }
  if (d.webgpu.ok && d.webgpu.hardware)
    return { backend: 'webgpu', device: d.webgpu.device, reason: 'WebGPU found a GPU adapter' };
  const measured = ['wasm', d.webgpu.ok ? 'software WebGPU' : '', 'the cpu backend'].filter(Boolean).join(', ');
  if (d.wasm.ok) {
    return {
      backend: 'wasm',
      device: d.wasm.device,
      reason: `no GPU found: a run measures ${measured} and takes the fastest (usually wasm)`,
    };
  }
  if (d.webgpu.ok) {
    return {
      backend: 'webgpu',
      device: d.webgpu.device,
      reason: 'no GPU found; a run measures software WebGPU against the cpu backend and takes the faster',
    };
  }
  return {
    backend: 'cpu',
    device: d.cpu.device,
    reason: 'no GPU backend is available: training runs on the CPU (slow; keep the model tiny)',
  };
}

export const COMPUTE_WINDOW_DEVICE = "Chromium's WebGPU (the app's compute window)";

let version: string | undefined;

/** This app's version from its package.json (found by walking up: source, dist/ and the packaged asar). */
export function appVersion(): string {
  if (version) return version;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'catlip-pilot' && pkg.version) return (version = pkg.version);
    }
    const up = path.dirname(dir);
    if (up === dir) return (version = 'unknown');
    dir = up;
  }
}
