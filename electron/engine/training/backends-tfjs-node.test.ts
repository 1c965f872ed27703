import * as tf from '../tfjs.js';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { selectBackend } from './backends.js';

// tfjs-node (CPU) is an optional dependency that cannot be installed here: a fake module with the same
// effect on import (a registered 'tensorflow' backend) tests that auto tries it first, before any
// measurement of the wasm / cpu backends. tfjs-node-gpu stays absent, as on a CPU-only machine.
vi.mock('@tensorflow/tfjs-node', async () => {
  const { registerFakeTensorflowBackend } = await import('./fake-tfjs-node.fixture.js');
  registerFakeTensorflowBackend();
  return {};
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('tfjs-node on a CPU-only machine', () => {
  it('auto loads it first and trains on it, saying why tfjs-node-gpu was not used', async () => {
    const c = await selectBackend('auto');
    expect(c).toMatchObject({ backend: 'tensorflow', device: 'TensorFlow (CPU, tfjs-node)' });
    expect(tf.getBackend()).toBe('tensorflow');
    expect(c.notes).toEqual(['tensorflow: @tensorflow/tfjs-node-gpu is not installed']);
    const y = tf.matMul(
      tf.tensor2d([
        [1, 2],
        [3, 4],
      ]),
      tf.tensor2d([[1], [1]]),
    );
    expect(Array.from(await y.data())).toEqual([3, 7]);
  });

  it('--backend tensorflow uses it too', async () => {
    const c = await selectBackend('tensorflow');
    expect(c.device).toBe('TensorFlow (CPU, tfjs-node)');
  });
});
