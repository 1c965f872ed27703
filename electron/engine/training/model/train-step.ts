/**
 * One optimisation step: running statistics, loss and gradients, global-norm clipping, AdamW
 * update, parameter constraints, EMA. Every intermediate tensor is freed; the only read-back is
 * the loss and the gradient norm, at the end, asynchronously (the webgpu backend cannot read
 * synchronously without stalling).
 */
import * as tf from '../../tfjs.js';
import { useFusedKernels } from '../webgpu/kernel-mode.js';
import { clipByGlobalNorm, globalNormScale } from './grad-clip.js';
import { lrAt } from './lr-schedule.js';
import type { ImageBatch, PretrainingModel } from './objective-types.js';
import type { AdamW } from './optimizer.js';

export interface StepResult {
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** The learning rate this step used. */
  lr: number;
}

/** `step` is the 0-based global step that picks the learning rate from opt.options.schedule. */
export async function trainStep<B extends ImageBatch>(model: PretrainingModel<B>, batch: B, opt: AdamW, step: number): Promise<StepResult> {
  if (opt.params !== model.variables) throw new Error('the optimizer belongs to another model');
  model.observe(batch);
  const lr = lrAt(step, opt.options.schedule);
  const entries = model.variables.entries();
  const variables = entries.map(([, v]) => v);
  const [loss, norm] = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => model.loss(batch), variables);
    // A variable the loss does not reach has no gradient entry; it gets a zero gradient (so only
    // weight decay moves it), as PyTorch does for a parameter whose .grad is zero.
    const ordered = variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
    if (useFusedKernels()) {
      // the fused AdamW kernel applies the clipping factor itself
      const { scale, norm } = globalNormScale(ordered, opt.options.clipNorm);
      opt.applyGradients(ordered, lr, scale);
      return [value, norm];
    }
    const { clipped, norm } = clipByGlobalNorm(ordered, opt.options.clipNorm);
    opt.applyGradients(clipped, lr);
    return [value, norm];
  });
  model.constrain();
  opt.ema?.update();
  try {
    const [lossValue, normValue] = await Promise.all([loss.data(), norm.data()]);
    return { loss: lossValue[0], gradNorm: normValue[0], lr };
  } finally {
    tf.dispose([loss, norm]);
  }
}
