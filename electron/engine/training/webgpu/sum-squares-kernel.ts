/**
 * Sum of squares over many tensors (the global gradient norm for clipping) in few dispatches: each
 * dispatch reads up to 7 gradients (7 inputs + the output = 8 storage buffers, lavapipe's per-stage
 * limit) with SLICES workgroups per gradient, each writing one partial sum; one tfjs sum then adds
 * the partials. The tfjs path is square + sum per gradient and a pairwise add tree: ~3 dispatches
 * per variable, each full reduction in a single workgroup.
 */
import * as tf from '../../tfjs.js';
import { runProgram, WORKGROUP_INDEX, type WebGPUProgram } from './webgpu-backend.js';
import { ROW_WORKGROUP, WORKGROUP_SUM } from './wgsl-snippets.js';

const MAX_INPUTS = 7;
/** Workgroups per gradient: enough to spread a large matrix over a GPU's cores. */
const SLICES = 32;

class SumSquaresProgram implements WebGPUProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [ROW_WORKGROUP, 1, 1];
  uniforms: string;
  constructor(private readonly inputs: number) {
    this.variableNames = Array.from({ length: inputs }, (_, i) => `g${i}`);
    this.shaderKey = `catlipSumSquares_${inputs}`;
    this.outputShape = [inputs * SLICES];
    this.dispatch = [inputs * SLICES, 1, 1];
    this.uniforms = this.variableNames.map((n) => `${n}Size : i32,`).join(' ');
  }
  getUserCode(): string {
    const branches = this.variableNames
      .map(
        (n, i) =>
          `if (which == ${i}) { for (var k = start; k < uniforms.${n}Size; k = k + stride) { let v = ${n}[k]; s = s + v * v; } }`,
      )
      .join('\n  ');
    return /* wgsl */ `
${WORKGROUP_SUM}
fn main(index : i32) {
  let group = ${WORKGROUP_INDEX};
  let which = group / ${SLICES};
  let start = (group % ${SLICES}) * ${ROW_WORKGROUP} + i32(localIndex);
  let stride = ${SLICES * ROW_WORKGROUP};
  var s = 0.0;
  ${branches}
  let total = workgroupSum(s);
  if (localIndex == 0u && group < ${this.inputs * SLICES}) { result[group] = total; }
}`;
  }
}

/** sum over all tensors of sum(t^2), as a device scalar (webgpu backend only). */
export function fusedSumOfSquares(tensors: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => {
    const partials: tf.Tensor[] = [];
    for (let i = 0; i < tensors.length; i += MAX_INPUTS) {
      const group = tensors.slice(i, i + MAX_INPUTS);
      partials.push(
        tf.sum(
          runProgram(
            new SumSquaresProgram(group.length),
            [...group],
            group.map((t) => ({ type: 'int32' as const, data: [t.size] })),
          ),
        ),
      );
    }
    // a pairwise tree, not addN/concat: those bind every input as a storage buffer (8 at most)
    let level = partials;
    while (level.length > 1) {
      const next: tf.Tensor[] = [];
      for (let i = 0; i < level.length; i += 2)
        next.push(i + 1 < level.length ? tf.add(level[i], level[i + 1]) : level[i]);
      level = next;
    }
    return (level[0] ?? tf.scalar(0)) as tf.Scalar;
  });
}
