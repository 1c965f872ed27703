import { describe, expect, it } from 'vitest';
import { pilotPin } from '../../shared/training.js';
import { BackendUnavailable, type BackendChoice } from './backends.js';
import { pinnedMismatch, requirePinnedDevice } from './pinned-device.js';

const gpu: BackendChoice = { backend: 'webgpu', device: 'nvidia: NVIDIA H200', notes: [] };
const opened = (backend: BackendChoice) => {
  const state = { disposed: false };
  return { state, open: async () => ({ backend, session: { dispose: async () => void (state.disposed = true) } }) };
};

describe('pinned device', () => {
  it('pins a pilot to the backend and device its first run trained on', () => {
    expect(pilotPin({ backend: 'webgpu', device: 'nvidia: NVIDIA H200' })).toEqual({
      backend: 'webgpu',
      device: 'nvidia: NVIDIA H200',
    });
    expect(pilotPin({ backend: null, device: null })).toBeNull();
    expect(pilotPin({ backend: 'auto', device: 'x' })).toBeNull();
  });

  it('trains on the pinned device, and on anything when nothing is pinned', async () => {
    expect(pinnedMismatch({ backend: 'webgpu', device: gpu.device }, gpu)).toBeNull();
    expect(pinnedMismatch({ backend: 'auto', device: null }, gpu)).toBeNull();
    const { open, state } = opened(gpu);
    expect((await requirePinnedDevice({ backend: 'webgpu', device: gpu.device }, open)).backend).toBe(gpu);
    expect(state.disposed).toBe(false);
  });

  it('fails with the reason when the pinned device is not what the machine offers now, and releases the session', async () => {
    const { open, state } = opened({ backend: 'cpu', device: 'AMD EPYC (2 cores, tfjs cpu backend)', notes: [] });
    await expect(requirePinnedDevice({ backend: 'webgpu', device: gpu.device }, open)).rejects.toThrow(
      /pinned to its pilot's device \(webgpu on "nvidia: NVIDIA H200"\), which is not available now: this machine offers cpu on "AMD EPYC/,
    );
    expect(state.disposed).toBe(true);
    const software = opened({ backend: 'webgpu', device: 'mesa: llvmpipe', notes: [] });
    await expect(requirePinnedDevice({ backend: 'webgpu', device: gpu.device }, software.open)).rejects.toThrow(
      /offers webgpu on "mesa: llvmpipe"/,
    );
  });

  it('names the pin when its backend cannot start at all', async () => {
    const fail = async () => {
      throw new BackendUnavailable('webgpu: Dawn found no adapter');
    };
    await expect(requirePinnedDevice({ backend: 'webgpu', device: gpu.device }, fail)).rejects.toThrow(
      `this run is pinned to its pilot's device (webgpu on "nvidia: NVIDIA H200"), which is not available now: webgpu: Dawn found no adapter`,
    );
  });
});
