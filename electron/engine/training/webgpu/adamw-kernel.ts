/**
 * Fused AdamW: one dispatch per variable computes the new parameter and both moments, exactly
 * the arithmetic of model/optimizer.ts (same operation order, fp32), and applies the global-norm
 * clipping scale on the way in. The tfjs path runs ~10 kernels per variable, each allocating a
 * buffer; with ~80 variables in the probe ViT that was ~800 dispatches per step.
 *
 * Not one flat dispatch over all parameters: tfjs variables own separate buffers and a shader may
 * bind only 8 storage buffers on some adapters (Mesa lavapipe), so a flat update would need a copy
 * in and out of a flat buffer each step, costing more than the dispatches it saves.
 */
import * as tf from '../../tfjs.js';
import { dispatchRaw, emptyTensor } from './raw-dispatch.js';

const WORKGROUP = 256;

export interface AdamWScalars {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 - lr * weightDecay for decayed variables, 1 for the others. */
  decayFactor: number;
  /** lr / (1 - beta1^t). */
  stepSize: number;
  /** sqrt(1 - beta2^t). */
  sqrtBiasCorrection2: number;
}

const code = () => /* wgsl */ `
struct Uniforms {
  beta1 : f32, oneMinusBeta1 : f32, beta2 : f32, oneMinusBeta2 : f32,
  decayFactor : f32, stepSize : f32, sqrtBiasCorrection2 : f32, epsilon : f32,
  size : u32,
};
@group(0) @binding(0) var<storage, read> param : array<f32>;
@group(0) @binding(1) var<storage, read> m : array<f32>;
@group(0) @binding(2) var<storage, read> v : array<f32>;
@group(0) @binding(3) var<storage, read> grad : array<f32>;
@group(0) @binding(4) var<storage, read> gradScale : array<f32>;
@group(0) @binding(5) var<storage, read_write> paramOut : array<f32>;
@group(0) @binding(6) var<storage, read_write> mOut : array<f32>;
@group(0) @binding(7) var<storage, read_write> vOut : array<f32>;
@group(0) @binding(8) var<uniform> u : Uniforms;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) groups : vec3<u32>) {
  let i = gid.y * groups.x * ${WORKGROUP}u + gid.x;
  if (i >= u.size) { return; }
  let g = grad[i] * gradScale[0];
  let m1 = m[i] * u.beta1 + g * u.oneMinusBeta1;
  let v1 = v[i] * u.beta2 + (g * g) * u.oneMinusBeta2;
  let decayed = param[i] * u.decayFactor;
  let denominator = sqrt(v1) / u.sqrtBiasCorrection2 + u.epsilon;
  paramOut[i] = decayed - (m1 / denominator) * u.stepSize;
  mOut[i] = m1;
  vOut[i] = v1;
}`;

/**
 * param, m, v <- one AdamW step with gradient `grad * gradScale` (gradScale: a device scalar, the
 * clipping factor, so the clip needs no read-back). 8 storage buffers: the per-stage maximum on
 * Mesa lavapipe.
 */
export function fusedAdamWUpdate(
  param: tf.Variable,
  m: tf.Variable,
  v: tf.Variable,
  grad: tf.Tensor,
  gradScale: tf.Tensor,
  s: AdamWScalars,
): void {
  if (grad.size !== param.size || m.size !== param.size || v.size !== param.size)
    throw new RangeError('fusedAdamWUpdate: size mismatch');
  if (param.size === 0) return;
  const f = (x: number) => ({ type: 'float32' as const, data: [x] });
  const outputs = [param, m, v].map((t) => emptyTensor(t.shape));
  dispatchRaw(
    'catlip-adamw',
    code,
    [param, m, v, grad, gradScale, ...outputs],
    [
      f(s.beta1),
      f(1 - s.beta1),
      f(s.beta2),
      f(1 - s.beta2),
      f(s.decayFactor),
      f(s.stepSize),
      f(s.sqrtBiasCorrection2),
      f(s.epsilon),
      { type: 'uint32', data: [param.size] },
    ],
    Math.ceil(param.size / WORKGROUP),
  );
  // the variables take over the new buffers; the outputs' own references go
  [param, m, v].forEach((variable, i) => variable.assign(outputs[i]));
  tf.dispose(outputs);
}
