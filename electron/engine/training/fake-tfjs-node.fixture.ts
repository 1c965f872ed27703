/**
 * Stands in for `@tensorflow/tfjs-node` (native TensorFlow on the CPU), which cannot be installed on the
 * development machine: importing it does what the real package does on import — registers a backend
 * named 'tensorflow' with its kernels — here the cpu backend's kernels under that name, so ops run.
 */
import * as tf from '../tfjs.js';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

export function registerFakeTensorflowBackend(): void {
  if (tf.findBackendFactory('tensorflow')) return;
  tf.registerBackend('tensorflow', () => new MathBackendCPU(), 3);
  for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: 'tensorflow' });
}
