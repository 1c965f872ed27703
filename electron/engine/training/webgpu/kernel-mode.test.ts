import { afterEach, describe, expect, it } from 'vitest';
import { kernelModeFor, parseKernelMode, setKernelMode } from './kernel-mode.js';

describe('kernel mode', () => {
  const env = process.env.CATLIP_KERNELS;
  afterEach(() => {
    setKernelMode(undefined);
    if (env === undefined) delete process.env.CATLIP_KERNELS;
    else process.env.CATLIP_KERNELS = env;
  });

  it('is fused on webgpu and wasm by default and always tfjs on the cpu and tensorflow backends', () => {
    delete process.env.CATLIP_KERNELS;
    expect(kernelModeFor('webgpu')).toBe('fused');
    expect(kernelModeFor('wasm')).toBe('fused');
    expect(kernelModeFor('cpu')).toBe('tfjs');
    setKernelMode('fused');
    expect(kernelModeFor('tensorflow')).toBe('tfjs');
  });

  it('CATLIP_KERNELS=tfjs or setKernelMode switches webgpu and wasm to plain ops; setKernelMode wins', () => {
    process.env.CATLIP_KERNELS = 'tfjs';
    expect(kernelModeFor('webgpu')).toBe('tfjs');
    expect(kernelModeFor('wasm')).toBe('tfjs');
    setKernelMode('fused');
    expect(kernelModeFor('webgpu')).toBe('fused');
  });

  it('rejects unknown modes', () => {
    expect(() => parseKernelMode('fast')).toThrow(/fused' or 'tfjs/);
    expect(parseKernelMode('')).toBeUndefined();
  });
});
