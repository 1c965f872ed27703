/**
 * Column sums of a [rows, cols] matrix: the bias gradient of every dense layer (db = Σ_rows dY).
 * tfjs reduces only along the innermost axis, so its tf.sum(dY, 0) first transposes the whole dY (a
 * full read and write of up to 16,384 x 1,536 floats in the probe) and then reduces. Here one pass
 * reads dY in place: a workgroup owns 64 adjacent columns (consecutive threads read consecutive
 * floats) and a chunk of rows, 4 row lanes per column folded in workgroup memory; the chunks' partial
 * sums are added by the kernel that finishes a split-K matmul.
 */
import * as tf from '../../tfjs.js';
import { slicesToFill, SplitSumProgram, splitSumUniforms } from './matmul-kernel.js';
import { runProgram, type WebGPUProgram } from './webgpu-backend.js';

const COLUMNS = 64;
const LANES = 4;
/** Rows a workgroup sums at least (per lane: a quarter of it). */
const MIN_ROWS_PER_CHUNK = 256;

class ColumnSumProgram implements WebGPUProgram {
  variableNames = ['x'];
  outputShape: number[];
  shaderKey = 'catlipColumnSum';
  dispatchLayout = { x: [1], y: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [COLUMNS * LANES, 1, 1];
  uniforms = 'rows : i32, cols : i32, rowsPerChunk : i32,';

  constructor(cols: number, chunks: number) {
    this.outputShape = [chunks, cols];
    this.dispatch = [Math.ceil(cols / COLUMNS), chunks, 1];
  }

  getUserCode(): string {
    return /* wgsl */ `
var<workgroup> laneSums : array<f32, ${COLUMNS * LANES}>;

fn main() {
  let lid = i32(localIndex);
  let col = i32(workgroupId.x) * ${COLUMNS} + lid % ${COLUMNS};
  let lane = lid / ${COLUMNS};
  let chunk = i32(workgroupId.y);
  let end = min(uniforms.rows, (chunk + 1) * uniforms.rowsPerChunk);
  var s = 0.0;
  if (col < uniforms.cols) {
    for (var r = chunk * uniforms.rowsPerChunk + lane; r < end; r = r + ${LANES}) { s = s + x[r * uniforms.cols + col]; }
  }
  laneSums[lid] = s;
  workgroupBarrier();
  if (lane == 0 && col < uniforms.cols) {
    result[chunk * uniforms.cols + col] = ${Array.from({ length: LANES }, (_, l) => `laneSums[lid + ${l * COLUMNS}]`).join(' + ')};
  }
}`;
  }
}

/** Σ over the rows of x [rows, cols] -> [cols] (webgpu backend only). */
export function columnSum(x: tf.Tensor2D): tf.Tensor1D {
  const [rows, cols] = x.shape;
  const chunks = slicesToFill(Math.ceil(cols / COLUMNS), rows, MIN_ROWS_PER_CHUNK);
  const rowsPerChunk = Math.ceil(rows / chunks);
  const partial = runProgram(
    new ColumnSumProgram(cols, chunks),
    [x],
    [
      { type: 'int32', data: [rows] },
      { type: 'int32', data: [cols] },
      { type: 'int32', data: [rowsPerChunk] },
    ],
  );
  const total =
    chunks === 1
      ? tf.reshape(partial, [cols])
      : runProgram(new SplitSumProgram(cols, false), [partial], splitSumUniforms(chunks, cols, cols));
  partial.dispose();
  return total as tf.Tensor1D;
}
