/**
 * One optimisation step: running statistics, loss and gradients, global-norm clipping, AdamW
 * update, parameter constraints, EMA. Every intermediate tensor is freed; the only read-back is
 * the loss and the gradient norm, at the end, asynchronously and as one tensor (on webgpu each read
 * is a submit and a mapped staging buffer the host waits for; synchronous reads would stall). On
 * webgpu the step is recorded with the training submit batch (webgpu/submit-batch.ts).
 */
import * as tf from '../../tfjs.js';
import { noteError } from '../../../shared/errors.js';
import { useFusedKernels } from '../webgpu/kernel-mode.js';
import { withTrainingSubmitBatch } from '../webgpu/submit-batch.js';
import { useWasmOptimizerKernels } from '../wasm-optimizer-kernels.js';
import { clipByGlobalNorm, globalNormScale } from './grad-clip.js';
import { lrAt } from './lr-schedule.js';
import type { ImageBatch, PretrainingModel } from './objective-types.js';
import type { AdamW } from './optimizer.js';
import { activationBytesPerImage, batchSlices, separableLoss, sliceBatch, WASM_SLICE_BYTES } from './batch-slices.js';

export interface StepResult {
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** The learning rate this step used. */
  lr: number;
}

/**
 * Most activation bytes one pass over (part of) a batch may keep: on the wasm backend, whose heap ends at
 * 4 GiB, a larger batch of a separable objective runs as slices whose gradients add up (batch-slices.ts).
 */
function sliceBytes(): number | undefined {
  return sliceLimit ?? (tf.getBackend() === 'wasm' ? WASM_SLICE_BYTES : undefined);
}
let sliceLimit: number | undefined;

/** Overrides the slice memory limit on every backend (tests: slicing must not change the step); undefined restores the default. */
export function setSliceBytes(bytes: number | undefined): void {
  sliceLimit = bytes;
}

/** Loss and gradients of the whole batch, summed over slices where the memory limit asks for them. */
function lossAndGrads<B extends ImageBatch>(
  model: PretrainingModel<B>,
  batch: B,
  variables: tf.Variable[],
): { value: tf.Scalar; grads: tf.NamedTensorMap } {
  const limit = sliceBytes();
  const n = batch.images.shape[0];
  const slices =
    limit !== undefined && separableLoss(model.objective)
      ? batchSlices(n, activationBytesPerImage(model), limit)
      : [[0, n]];
  if (limit !== undefined && !separableLoss(model.objective) && tf.getBackend() === 'wasm')
    refuseOversizedBatch(model, n, limit);
  if (slices.length === 1) return tf.variableGrads(() => model.loss(batch), variables);
  let value: tf.Scalar | undefined;
  const grads: tf.NamedTensorMap = {};
  for (const [start, size] of slices) {
    const part = sliceBatch(batch, start, size);
    // the batch loss is the mean over images: each slice's mean weighs size / n
    const r = tf.variableGrads(() => tf.mul(model.loss(part), size / n) as tf.Scalar, variables);
    part.images.dispose();
    const previous = value;
    value = previous ? (tf.add(previous, r.value) as tf.Scalar) : r.value;
    if (previous) tf.dispose([previous, r.value]);
    for (const [name, g] of Object.entries(r.grads)) {
      const sum = grads[name];
      grads[name] = sum ? tf.add(sum, g) : g;
      if (sum) tf.dispose([sum, g]);
    }
  }
  return { value: value!, grads };
}

/**
 * A CLIP batch cannot be sliced: on wasm, one whose activations would pass the heap (the probe config at
 * its batch of 256) is refused with the largest batch that fits, instead of aborting the wasm module.
 */
function refuseOversizedBatch(model: PretrainingModel<ImageBatch>, n: number, limit: number): void {
  const perImage = activationBytesPerImage(model);
  const allowed = Math.floor((WASM_HEAP_SHARE * limit) / perImage);
  if (n <= allowed) return;
  throw noteError(
    'unsupported',
    'train.wasmHeap',
    { objective: model.objective, batch: n, gib: ((n * perImage) / 1024 ** 3).toFixed(1), max: allowed },
    { field: 'batch' },
  );
}
/** Multiple of the slice limit that one unsliced pass may use on wasm (3 GiB of the 4 GiB heap). */
const WASM_HEAP_SHARE = 2;

/** `step` is the 0-based global step that picks the learning rate from opt.options.schedule. */
export async function trainStep<B extends ImageBatch>(
  model: PretrainingModel<B>,
  batch: B,
  opt: AdamW,
  step: number,
): Promise<StepResult> {
  if (opt.params !== model.variables) throw new Error('the optimizer belongs to another model');
  model.observe(batch);
  const lr = lrAt(step, opt.options.schedule);
  const entries = model.variables.entries();
  const variables = entries.map(([, v]) => v);
  const lossAndNorm = withTrainingSubmitBatch(() => {
    const result = tf.tidy(() => {
      const { value, grads } = lossAndGrads(model, batch, variables);
      // A variable the loss does not reach has no gradient entry; it gets a zero gradient (so only
      // weight decay moves it), as PyTorch does for a parameter whose .grad is zero.
      const ordered = variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
      if (useFusedKernels() || useWasmOptimizerKernels()) {
        // the fused AdamW kernel (webgpu) or the one-call update of every variable (wasm) applies the clipping factor itself
        const { scale, norm } = globalNormScale(ordered, opt.options.clipNorm);
        opt.applyGradients(ordered, lr, scale);
        return tf.stack([value, norm]);
      }
      const { clipped, norm } = clipByGlobalNorm(ordered, opt.options.clipNorm);
      opt.applyGradients(clipped, lr);
      return tf.stack([value, norm]);
    });
    model.constrain();
    opt.ema?.update();
    return result;
  });
  try {
    const [loss, gradNorm] = await lossAndNorm.data();
    return { loss, gradNorm, lr };
  } finally {
    lossAndNorm.dispose();
  }
}
