/**
 * TensorFlow.js as the engine uses it: `@tensorflow/tfjs-core` with its gradients, its chained tensor methods
 * (`x.add(y)`) and the CPU backend registered (always there, the fallback and the reference), instead of the
 * `@tensorflow/tfjs` umbrella, whose WebGL backend, layers, converter and data packages training never uses
 * but the app would ship. The WebGPU and tensorflow (native) backends are loaded where they are activated
 * (training/backends.ts, the compute window).
 */
// first: tfjs-core's own build creates the one global engine (and its tensor classes) that the inlined
// registration modules below then find and use
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
import '@tensorflow/tfjs-backend-cpu';

export * from '@tensorflow/tfjs-core';
