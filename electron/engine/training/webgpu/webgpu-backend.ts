/**
 * Typed access to the parts of tfjs-backend-webgpu the fused kernels use. Typed structurally (no
 * import of the package) so the model code that calls the kernels still loads where the webgpu
 * backend is not installed or not registered (cpu and tensorflow runs).
 */
import * as tf from '../../tfjs.js';

/** tfjs-backend-webgpu's WebGPUProgram (dist/webgpu_program.d.ts), the fields the kernels set. */
export interface WebGPUProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[]; y?: number[]; z?: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  /** Adds a `size` uniform (element count of the output). */
  size?: boolean;
  /** Extra uniform fields, WGSL struct-member syntax ("lr : f32, n : i32,"). */
  uniforms?: string;
  getUserCode(): string;
}

export type ProgramUniform = Array<{ type: 'float32' | 'int32' | 'uint32'; data: number[] }>;

interface TensorData {
  dtype: tf.DataType;
  refCount: number;
  resource?: unknown;
}

/** The WebGPUBackend members used here (see backend_webgpu.d.ts / .js in tfjs-backend-webgpu 4.22). */
export interface WebGPUBackendLike {
  device: GPUDevice;
  queue: GPUQueue;
  tensorMap: { get(dataId: object): TensorData };
  runWebGPUProgram(
    program: WebGPUProgram,
    inputs: tf.TensorInfo[],
    dtype: tf.DataType,
    uniforms?: ProgramUniform,
    output?: tf.TensorInfo,
  ): tf.TensorInfo;
  uploadToGPU(dataId: object): void;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: Float32Array): tf.TensorInfo;
  makeUniforms(uniforms: ProgramUniform): GPUBufferBinding;
  ensureCommandEncoderReady(): void;
  submitQueue(): void;
  commandEncoder: GPUCommandEncoder | null;
  computePassEncoder: GPUComputePassEncoder | null;
  commandQueueOwnedIds: WeakSet<object>;
  dispatchCountInPass: number;
  endComputePassEncoder(): void;
  /** Set while tf.time() runs: every dispatch is then timed with timestamp queries. */
  activeTimers: Array<{ name: string; query: Promise<number> }> | null;
  supportTimestampQuery: boolean;
  querySet: GPUQuerySet | null;
  querySetCount: number;
  getQueryTime(): Promise<number>;
}

/** What an adapter says about itself (Dawn's and Chromium's adapter.info, tfjs's AdapterInfo); any may be missing. */
export interface AdapterFacts {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

/**
 * A software rasteriser (Mesa lavapipe/llvmpipe, SwiftShader) that runs workgroups on CPU cores, from
 * whichever facts show it: Dawn marks lavapipe as a fallback adapter of architecture 'software', Chromium
 * names SwiftShader's architecture, tfjs keeps only vendor and architecture.
 */
export function isSoftwareAdapter(info: AdapterFacts | undefined): boolean {
  if (!info) return false;
  return (
    info.isFallbackAdapter === true ||
    info.architecture === 'software' ||
    /llvmpipe|lavapipe|swiftshader/i.test(`${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`)
  );
}

export function webgpuBackend(): WebGPUBackendLike {
  if (tf.getBackend() !== 'webgpu')
    throw new Error(`fused WebGPU kernels need the webgpu backend, not ${tf.getBackend()}`);
  return tf.backend() as unknown as WebGPUBackendLike;
}

/** Runs a one-output program through the backend's own pipeline cache and command batching. */
export function runProgram(program: WebGPUProgram, inputs: tf.Tensor[], uniforms?: ProgramUniform): tf.Tensor {
  const info = webgpuBackend().runWebGPUProgram(program, inputs, 'float32', uniforms);
  return tf.engine().makeTensorFromTensorInfo(info);
}

/**
 * WGSL: the flat index of this workgroup. tfjs may re-shape a dispatch whose x count exceeds the
 * per-dimension limit into x*y(*z), so kernels that map one workgroup to one row use this and
 * bounds-check it (the re-shaped grid can be larger than asked for).
 */
export const WORKGROUP_INDEX =
  'i32(workgroupId.z * numWorkgroups.x * numWorkgroups.y + workgroupId.y * numWorkgroups.x + workgroupId.x)';
