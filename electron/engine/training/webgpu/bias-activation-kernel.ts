/**
 * Fused bias + activation: y = act(x + bias) over the last axis, forward in one dispatch and
 * backward in two or three (dz = dy * act'(x + bias), then the column-sum kernel for the bias gradient). The
 * tfjs exact GELU is six kernels forward (add, mul, mul, erf, add, mul) and about a dozen backward.
 * erf is the Abramowitz-Stegun 7.1.26 approximation tfjs itself uses on every backend.
 */
import * as tf from '../../tfjs.js';
import type { Activation } from '../model/ops.js';
import { columnSum } from './column-sum-kernel.js';
import { runProgram, type WebGPUProgram } from './webgpu-backend.js';

const WORKGROUP = 256;

const ERF = /* wgsl */ `
fn erfApprox(a : f32) -> f32 {
  let absA = abs(a);
  let t = 1.0 / (1.0 + 0.3275911 * absA);
  return sign(a) * (1.0 - (((((1.061405429 * t + -1.453152027) * t) + 1.421413741) * t + -0.284496736) * t + 0.254829592) * t * exp(-absA * absA));
}`;

/** WGSL for act(z) and act'(z) (relu' is a step at 0, as tfjs's relu gradient). */
const ACTIVATIONS: Record<Activation | 'linear', { value: string; grad: string }> = {
  linear: { value: 'z', grad: '1.0' },
  relu: { value: 'max(z, 0.0)', grad: 'select(0.0, 1.0, z > 0.0)' },
  gelu: {
    value: 'z * 0.5 * (erfApprox(z * 0.7071067811865476) + 1.0)',
    // d/dz [z/2 (1 + erf(z/√2))] = (1 + erf(z/√2))/2 + z exp(-z²/2)/√(2π)
    grad: '0.5 * (erfApprox(z * 0.7071067811865476) + 1.0) + z * exp(-0.5 * z * z) * 0.3989422804014327',
  },
};

class BiasActivationProgram implements WebGPUProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = 'cols : i32,';
  size = true;
  /** backward: the output is dz = dy * act'(x + bias) instead of act(x + bias). */
  constructor(
    shape: number[],
    size: number,
    private readonly activation: Activation | 'linear',
    private readonly backward: boolean,
  ) {
    this.outputShape = shape;
    this.variableNames = backward ? ['x', 'bias', 'dy'] : ['x', 'bias'];
    this.shaderKey = `catlipBiasActivation_${activation}_${backward ? 'grad' : 'value'}`;
    this.dispatch = [Math.ceil(size / WORKGROUP), 1, 1];
  }
  getUserCode(): string {
    const act = ACTIVATIONS[this.activation];
    return /* wgsl */ `
${ERF}
fn main(index : i32) {
  if (index >= uniforms.size) { return; }
  let z = x[index] + bias[index % uniforms.cols];
  result[index] = ${this.backward ? `dy[index] * (${act.grad})` : act.value};
}`;
  }
}

/** act(x + bias) with bias [cols] broadcast over the last axis of x (webgpu backend only). */
export function fusedBiasActivation(x: tf.Tensor, bias: tf.Tensor, activation: Activation | 'linear'): tf.Tensor {
  const cols = x.shape[x.rank - 1];
  if (bias.size !== cols) throw new RangeError(`bias of ${bias.size} for ${cols} columns`);
  const uniforms = [{ type: 'int32' as const, data: [cols] }];
  const op = tf.customGrad(((xIn: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    save([xIn, b]);
    return {
      value: runProgram(new BiasActivationProgram(xIn.shape, xIn.size, activation, false), [xIn, b], uniforms),
      gradFunc: (dy: tf.Tensor, [xs, bs]: tf.Tensor[]) => {
        const dz = runProgram(new BiasActivationProgram(xs.shape, xs.size, activation, true), [xs, bs, dy], uniforms);
        return [dz, tf.reshape(columnSum(tf.reshape(dz, [-1, cols]) as tf.Tensor2D), bs.shape)];
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return op(x, bias);
}
