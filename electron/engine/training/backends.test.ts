import * as tf from '../tfjs.js';
import { describe, expect, it } from 'vitest';
import { dawnBlockedReason, selectBackend, takeDeviceErrors } from './backends.js';

describe('selectBackend', () => {
  it('wasm is available with the build it loaded (SIMD) and computes', async () => {
    const c = await selectBackend('wasm');
    expect(c.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(c.device).toMatch(/cores, tfjs wasm backend, SIMD, \d+ threads?\)/);
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const y = tf.matMul(x, x);
    expect(Array.from(await y.data())).toEqual([7, 10, 15, 22]);
    tf.dispose([x, y]);
  });

  it('wasm: matmuls with transposed operands (transposed explicitly before XNNPACK) equal the cpu backend', async () => {
    const run = async (backend: 'wasm' | 'cpu') => {
      await selectBackend(backend);
      const a = tf.randomNormal([3, 7, 5], 0, 1, 'float32', 4);
      const b = tf.randomNormal([3, 6, 7], 0, 1, 'float32', 5);
      const outs = tf.tidy(() => [
        tf.matMul(a, b, true, true),
        tf.matMul(a, tf.transpose(b, [0, 2, 1]), true, false),
        tf.matMul(tf.transpose(a, [0, 2, 1]), b, false, true),
      ]);
      const values = await Promise.all(outs.map((o) => o.data()));
      tf.dispose([a, b, ...outs]);
      return values.map((v) => Array.from(v));
    };
    const before = tf.memory().numTensors;
    const wasm = await run('wasm');
    const cpu = await run('cpu');
    expect(tf.memory().numTensors).toBe(before);
    for (let i = 0; i < cpu.length; i++) wasm[i].forEach((v, j) => expect(v).toBeCloseTo(cpu[i][j], 4));
  });

  it('wasm: batched matmuls (one XNNPACK product per batch entry, broadcasting a batch of 1) and slices equal the cpu backend', async () => {
    const run = async (backend: 'wasm' | 'cpu') => {
      await selectBackend(backend);
      const a = tf.randomNormal([2, 3, 7, 5], 0, 1, 'float32', 6);
      const b = tf.randomNormal([2, 3, 5, 4], 0, 1, 'float32', 7);
      const one = tf.randomNormal([1, 5, 4], 0, 1, 'float32', 8);
      const outs = tf.tidy(() => [
        tf.matMul(a, b),
        tf.matMul(tf.reshape(a, [6, 7, 5]), one),
        tf.matMul(one, tf.reshape(b, [6, 5, 4]), true, false),
        tf.slice(a, [1, 0, 0, 0], [1, -1, -1, -1]), // contiguous: copied inside the heap
        tf.slice(a, [0, 1, 2, 1], [2, 2, 3, 4]), // strided: the backend's own kernel
        tf.slice(tf.cast(tf.greater(a, 0), 'int32'), [0, 2, 0, 0], [1, 1, 7, 5]),
      ]);
      const values = await Promise.all(outs.map((o) => o.data()));
      const shapes = outs.map((o) => o.shape);
      tf.dispose([a, b, one, ...outs]);
      return { values: values.map((v) => Array.from(v)), shapes };
    };
    const before = tf.memory().numTensors;
    const wasm = await run('wasm');
    const cpu = await run('cpu');
    expect(tf.memory().numTensors).toBe(before);
    expect(wasm.shapes).toEqual(cpu.shapes);
    for (let i = 0; i < cpu.values.length; i++) {
      expect(wasm.values[i].length).toBe(cpu.values[i].length);
      wasm.values[i].forEach((v, j) => expect(v).toBeCloseTo(cpu.values[i][j], 4));
    }
  });

  it('wasm: a clone (the engine saving a tensor for the backward pass) shares the data and outlives the original; the run records its kernels', async () => {
    const c = await selectBackend('wasm');
    expect(c.notes.join('\n')).toMatch(/kernels: (fused JavaScript kernels|plain tfjs ops)/);
    const before = tf.memory().numTensors;
    const x = tf.tensor1d([1, -2, 3.5]);
    const copy = tf.clone(x);
    const grown = tf.add(copy, 1);
    x.dispose();
    expect(Array.from(await copy.data())).toEqual([1, -2, 3.5]);
    expect(Array.from(await grown.data())).toEqual([2, -1, 4.5]);
    tf.dispose([copy, grown]);
    expect(tf.memory().numTensors).toBe(before);
    await selectBackend('cpu');
  });

  it('cpu is always available and recorded with its device', async () => {
    const c = await selectBackend('cpu');
    expect(c.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(c.device).toMatch(/cores/);
  });

  it('tensorflow fails with a message naming the missing package when tfjs-node(-gpu) is absent', async () => {
    let installed = true;
    try {
      await import('@tensorflow/tfjs-node-gpu' as string);
    } catch {
      installed = false;
    }
    if (installed) return; // on a workstation with CUDA the backend loads instead
    await expect(selectBackend('tensorflow')).rejects.toThrow(/tfjs-node-gpu is not installed/);
  });

  it('auto picks a backend and explains the others; without a GPU adapter it measures wasm against the cpu backend', async () => {
    const c = await selectBackend('auto');
    expect(['tensorflow', 'webgpu', 'wasm', 'cpu']).toContain(c.backend);
    expect(tf.getBackend()).toBe(c.backend);
    if (c.backend !== 'tensorflow') expect(c.notes.join('\n')).toMatch(/tensorflow:/);
    if (c.backend === 'wasm' || c.backend === 'cpu') {
      const measured = c.notes.find((n) => n.startsWith('measured: '));
      expect(measured).toMatch(/^measured: wasm [\d.]+ ms vs .*cpu [\d.]+ ms per probe step → (wasm|webgpu|cpu)$/);
    }
  });

  it('webgpu runs on the software Vulkan adapter where Mesa lavapipe is installed (CI installs it)', async () => {
    if (process.env.CATLIP_REQUIRE_WEBGPU !== '1') {
      try {
        await selectBackend('webgpu');
      } catch (e) {
        console.warn(`webgpu not available here: ${(e as Error).message}`);
        return;
      }
    }
    const c = await selectBackend('webgpu');
    expect(c.backend).toBe('webgpu');
    expect(c.notes.join('\n')).toMatch(/kernels: (fused WGSL kernels|plain tfjs ops)/);
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const y = tf.matMul(x, x);
    expect(Array.from(await y.data())).toEqual([7, 10, 15, 22]);
    tf.dispose([x, y]);
    // a kernel the adapter rejects (addN over more storage buffers than lavapipe allows) must be reported
    const many = Array.from({ length: 40 }, (_, i) => tf.scalar(i));
    const total = tf.addN(many);
    await total.data();
    await new Promise((r) => setTimeout(r, 50));
    const errors = takeDeviceErrors();
    if (c.device.includes('llvmpipe')) expect(errors.join('\n')).toMatch(/storage buffers|Invalid/);
    tf.dispose([...many, total]);
    await selectBackend('cpu');
  });
});

describe('WebGPU inside Electron', () => {
  it('is not tried under Electron (V8 memory cage), and is under plain Node', () => {
    expect(dawnBlockedReason({ ...process.versions, electron: '39.2.0' })).toMatch(
      /^webgpu: not used inside Electron 39\.2\.0 .*memory cage/,
    );
    expect(dawnBlockedReason({ node: '20.20.2' } as unknown as NodeJS.ProcessVersions)).toBeNull();
  });
});
