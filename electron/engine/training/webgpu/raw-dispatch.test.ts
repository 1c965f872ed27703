import * as tf from '../../tfjs.js';
import { describe, expect, it } from 'vitest';
import { watchDeviceTraffic } from './device-traffic.js';
import { webgpuAvailable } from './kernel-test-harness.js';
import { deviceIdle } from './profiling.js';
import { dispatchRaw, emptyTensor } from './raw-dispatch.js';
import { setTrainingSubmitBatch, withTrainingSubmitBatch } from './submit-batch.js';

const webgpu = await webgpuAvailable();

/** out = 2 * x, as a raw dispatch (one workgroup of 64 per 64 elements). */
function doubleRaw(x: tf.Tensor): tf.Tensor {
  const out = emptyTensor(x.shape);
  const code = () => `
@group(0) @binding(0) var<storage, read> x : array<f32>;
@group(0) @binding(1) var<storage, read_write> out : array<f32>;
struct Uniforms { size : u32, }
@group(0) @binding(2) var<uniform> u : Uniforms;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  if (gid.x < u.size) { out[gid.x] = 2.0 * x[gid.x]; }
}`;
  dispatchRaw('test-double', code, [x, out], [{ type: 'uint32', data: [x.size] }], Math.ceil(x.size / 64));
  return out;
}

describe.skipIf(!webgpu)('raw dispatches between tfjs kernels (webgpu)', () => {
  it('share tfjs’s compute pass and command buffer, in order, and count toward the submit batch', async () => {
    await tf.setBackend('webgpu');
    try {
      // above tfjs's CPU hand-off size (1,000 elements), so tfjs runs its kernels on the device
      const values = Float32Array.from({ length: 1024 }, (_, i) => i - 500);
      const expected = Array.from(values, (v) => 2 * v);
      const x = tf.tensor1d(values);
      tf.neg(x).dispose(); // uploads x before the watch: an upload ends the compute pass
      await deviceIdle();
      const watch = watchDeviceTraffic();
      let y: tf.Tensor;
      try {
        setTrainingSubmitBatch(50);
        y = withTrainingSubmitBatch(() => tf.tidy(() => tf.neg(doubleRaw(tf.neg(x)))));
        const yValues = await y.data();
        const t = watch.take();
        expect(Array.from(yValues)).toEqual(expected);
        expect(t).toMatchObject({ dispatches: 3, passes: 1, submits: 1, reads: 1 });
        // a batch of 2: the raw dispatch is the second and closes the command buffer
        setTrainingSubmitBatch(2);
        const z = withTrainingSubmitBatch(() => tf.tidy(() => tf.neg(doubleRaw(tf.neg(x)))));
        expect(Array.from(await z.data())).toEqual(expected);
        expect(watch.take()).toMatchObject({ dispatches: 3, passes: 2, submits: 2, reads: 1 });
        tf.dispose([x, y, z]);
      } finally {
        watch.stop();
        setTrainingSubmitBatch(undefined);
      }
    } finally {
      await tf.setBackend('cpu');
    }
  });
});
