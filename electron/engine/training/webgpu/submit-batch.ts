/**
 * How many compute dispatches the webgpu backend records into one command buffer before it submits it,
 * while a training step is recorded. tfjs submits every WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE dispatches
 * (default 15), which is ~30 submits for a tiny CatLIP step and ~60 for CLIP; each submit costs the
 * driver a fixed amount, which dominates on a hardware GPU when the kernels are small. A larger batch
 * only changes when the recorded commands are handed to the device, never what they compute or in which
 * order, so losses are bit-identical (submit-batch.test.ts). Not unbounded: the device starts on a
 * command buffer only once it is submitted, so a step recorded as one buffer would leave the GPU idle
 * while the host records it, and tfjs keeps the buffers of tensors disposed meanwhile until the submit.
 * The value is measured (docs/performance.md, "WebGPU submissions").
 */
import * as tf from '../../tfjs.js';

export const TRAINING_SUBMIT_BATCH = 100;

const FLAG = 'WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE';
let override: number | undefined;

/** Overrides the batch for training steps (benchmarks, tests); undefined restores TRAINING_SUBMIT_BATCH. */
export function setTrainingSubmitBatch(dispatches: number | undefined): void {
  if (dispatches !== undefined && !(dispatches >= 1))
    throw new RangeError(`a submit batch is at least 1 dispatch, got ${dispatches}`);
  override = dispatches;
}

export function trainingSubmitBatch(): number {
  return override ?? TRAINING_SUBMIT_BATCH;
}

/**
 * Runs `record` (which records dispatches synchronously) with the training submit batch on the webgpu
 * backend and puts the flag back afterwards, so evaluation and checkpoint reads keep tfjs's setting.
 */
export function withTrainingSubmitBatch<T>(record: () => T): T {
  if (tf.getBackend() !== 'webgpu') return record();
  const env = tf.env();
  const before = env.getNumber(FLAG);
  env.set(FLAG, trainingSubmitBatch());
  try {
    return record();
  } finally {
    env.set(FLAG, before);
  }
}
