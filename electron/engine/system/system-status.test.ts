import { describe, expect, it } from 'vitest';
import { SystemStatusSchema } from '../../shared/system.js';
import { listNvidiaGpus, parseGpuList } from './nvidia-gpus.js';
import { appVersion, COMPUTE_WINDOW_DEVICE, recommend, SystemStatusService } from './system-status.js';
import pkg from '../../../package.json' with { type: 'json' };

const none = {
  tensorflow: { ok: false, device: '', note: 'tensorflow: @tensorflow/tfjs-node-gpu is not installed' },
  webgpu: { ok: false, device: '', hardware: false, note: 'webgpu: Dawn found no adapter' },
  wasm: { ok: false, device: '', note: 'wasm: the .wasm files are missing' },
  cpu: { ok: true as const, device: 'Some CPU (2 cores, tfjs cpu backend)', note: 'the reference backend' },
};
const enoent = async () => {
  throw Object.assign(new Error('spawn nvidia-smi ENOENT'), { code: 'ENOENT' });
};

describe('system status', () => {
  it('recommends the cpu and says why when no GPU backend is available', async () => {
    const status = await new SystemStatusService('/tmp/home', { detect: async () => none, exec: enoent }).get();
    expect(SystemStatusSchema.parse(status)).toEqual(status);
    expect(status.recommended.backend).toBe('cpu');
    expect(status.recommended.reason).toMatch(/no GPU backend/);
    expect(status.backends.find((b) => b.name === 'webgpu')).toMatchObject({
      available: false,
      note: 'webgpu: Dawn found no adapter',
    });
    expect(status.gpus).toEqual([]);
    expect(status.gpu_note).toMatch(/not installed/);
    expect(status.app_version).toBe(pkg.version);
  });

  it('without a GPU recommends the wasm backend, which a run measures against the cpu backend', async () => {
    const wasm = { ok: true, device: 'Some CPU (2 cores, tfjs wasm backend, SIMD, 1 thread)', note: '' };
    const status = await new SystemStatusService('/tmp/home', {
      detect: async () => ({ ...none, wasm }),
      exec: enoent,
    }).get();
    expect(SystemStatusSchema.parse(status)).toEqual(status);
    expect(status.recommended).toMatchObject({ backend: 'wasm', device: wasm.device });
    expect(status.recommended.reason).toMatch(/measures wasm, the cpu backend/);
    expect(status.backends.find((b) => b.name === 'wasm')).toMatchObject({ available: true, device: wasm.device });
  });

  it('prefers a hardware WebGPU adapter and lists the NVIDIA GPU', async () => {
    const detect = async () => ({
      ...none,
      webgpu: { ok: true, device: 'nvidia: NVIDIA: 580.159.04', hardware: true, note: '' },
    });
    const exec = async () => 'NVIDIA H100 80GB HBM3, 580.159.04, 81559\n';
    const status = await new SystemStatusService('/tmp/home', { detect, exec }).get();
    expect(status.recommended).toMatchObject({ backend: 'webgpu', device: 'nvidia: NVIDIA: 580.159.04' });
    expect(status.gpus).toEqual([{ name: 'NVIDIA H100 80GB HBM3', driver: '580.159.04', memory_mb: 81559 }]);
    expect(status.gpu_note).toBe('');
  });

  it('marks a software adapter as such', async () => {
    const detect = async () => ({ ...none, webgpu: { ok: true, device: 'mesa: llvmpipe', hardware: false, note: '' } });
    const status = await new SystemStatusService('/tmp/home', { detect, exec: enoent }).get();
    expect(status.backends.find((b) => b.name === 'webgpu')).toMatchObject({
      available: true,
      hardware: false,
      note: expect.stringMatching(/software adapter/),
    });
    expect(status.recommended.reason).toMatch(/measures software WebGPU against the cpu/);
  });

  it("in the desktop app recommends the compute window's WebGPU over the cpu, and still tfjs-node-gpu first", async () => {
    const service = new SystemStatusService('/tmp/home', { detect: async () => none, exec: enoent });
    expect((await service.get()).compute_window).toBe(false);
    service.useComputeWindow();
    const status = await service.get();
    expect(SystemStatusSchema.parse(status)).toEqual(status);
    expect(status.compute_window).toBe(true);
    expect(status.recommended).toMatchObject({
      backend: 'webgpu',
      device: COMPUTE_WINDOW_DEVICE,
      reason: expect.stringMatching(/checked when a run starts/),
    });
    const tensorflow = { ...none, tensorflow: { ok: true, device: 'TensorFlow (CUDA, tfjs-node-gpu)', note: '' } };
    expect(recommend(tensorflow, true)).toMatchObject({ backend: 'tensorflow' });
  });

  it('probes once and again on refresh', async () => {
    let calls = 0;
    const service = new SystemStatusService('/tmp/home', { detect: async () => (calls++, none), exec: enoent });
    await service.get();
    await service.get();
    expect(calls).toBe(1);
    await service.get(true);
    expect(calls).toBe(2);
  });

  it('parses nvidia-smi lists and reports its failures', async () => {
    expect(parseGpuList('A, 1.0, [N/A]\nB, 2.0, 1024\n')).toEqual([
      { name: 'A', driver: '1.0', memory_mb: null },
      { name: 'B', driver: '2.0', memory_mb: 1024 },
    ]);
    const failed = await listNvidiaGpus(async () => {
      throw new Error("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver");
    });
    expect(failed.note).toMatch(/^nvidia-smi failed: NVIDIA-SMI has failed/);
    expect(appVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
