/**
 * A compute dispatch with several outputs, which tfjs's one-output runWebGPUProgram cannot express.
 * Used by the fused AdamW update: one dispatch writes a variable's new value and both new moments,
 * instead of ~10 tfjs kernels. Outputs are fresh tensors (emptyTensor), never existing buffers
 * written in place: tfjs caches a buffer's values on the CPU after a read (a checkpoint's data())
 * and variables share buffers with other tensors (assign, EMA swaps), so an in-place write could
 * be invisible to a later read or leak into another tensor. The dispatch is recorded into the
 * backend's own command encoder and compute pass, so it is ordered with every tfjs kernel around it.
 */
import * as tf from '../../tfjs.js';
import { webgpuBackend, type ProgramUniform, type WebGPUBackendLike } from './webgpu-backend.js';

const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

function pipelineFor(device: GPUDevice, key: string, code: () => string): GPUComputePipeline {
  let cache = pipelines.get(device);
  if (!cache) pipelines.set(device, (cache = new Map()));
  let pipeline = cache.get(key);
  if (!pipeline) {
    pipeline = device.createComputePipeline({
      layout: 'auto',
      label: key,
      compute: { module: device.createShaderModule({ code: code(), label: key }), entryPoint: 'main' },
    });
    cache.set(key, pipeline);
  }
  return pipeline;
}

/** The backend submits every WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE dispatches; raw dispatches count too. */
function countDispatch(backend: WebGPUBackendLike): void {
  backend.dispatchCountInPass++;
  if (backend.dispatchCountInPass >= tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE')) {
    backend.endComputePassEncoder();
    backend.submitQueue();
  }
}

/** A float32 tensor with a fresh, uninitialised device buffer, for a raw dispatch to fill. */
export function emptyTensor(shape: number[]): tf.Tensor {
  const backend = webgpuBackend();
  const info = backend.makeTensorInfo(shape, 'float32');
  backend.uploadToGPU(info.dataId);
  return tf.engine().makeTensorFromTensorInfo(info);
}

/**
 * Dispatches `workgroups` workgroups of the WGSL in `code` (entry point `main`), binding `tensors`
 * to bindings 0..k-1 in order and a uniform buffer built from `uniforms` to binding k. The shader
 * declares which bindings it writes (only emptyTensor outputs); at most 8 storage buffers.
 */
export function dispatchRaw(
  key: string,
  code: () => string,
  tensors: tf.Tensor[],
  uniforms: ProgramUniform,
  workgroups: number,
): void {
  const backend = webgpuBackend();
  const pipeline = pipelineFor(backend.device, key, code);
  const entries: GPUBindGroupEntry[] = tensors.map((t, i) => {
    backend.uploadToGPU(t.dataId);
    return { binding: i, resource: { buffer: backend.tensorMap.get(t.dataId).resource as GPUBuffer } };
  });
  entries.push({ binding: tensors.length, resource: backend.makeUniforms(uniforms) });
  const bindGroup = backend.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
  // buffers referenced by the unsubmitted command buffer must not be released before submission
  for (const t of tensors) backend.commandQueueOwnedIds.add(t.dataId);
  backend.ensureCommandEncoderReady();
  // inside tf.time() (the profiler), time this dispatch with timestamp queries as tfjs does its own
  const timed = backend.activeTimers != null && backend.supportTimestampQuery;
  if (timed) {
    backend.endComputePassEncoder();
    backend.querySet ??= backend.device.createQuerySet({ type: 'timestamp', count: backend.querySetCount });
    backend.computePassEncoder = backend.commandEncoder!.beginComputePass({
      timestampWrites: { querySet: backend.querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 },
    });
  }
  backend.computePassEncoder ??= backend.commandEncoder!.beginComputePass({});
  backend.computePassEncoder.setPipeline(pipeline);
  backend.computePassEncoder.setBindGroup(0, bindGroup);
  const x = Math.min(workgroups, 65535);
  backend.computePassEncoder.dispatchWorkgroups(x, Math.ceil(workgroups / x), 1);
  if (timed) {
    backend.endComputePassEncoder();
    backend.activeTimers!.push({ name: key, query: backend.getQueryTime() });
    return;
  }
  countDispatch(backend);
}
