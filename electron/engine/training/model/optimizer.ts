/**
 * AdamW (Loshchilov & Hutter) over a model's named variables, exactly as torch.optim.AdamW, which
 * CoreNet and open_clip use:
 *   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  t = number of updates so far + 1
 *   p = p (1 - lr wd [decayMask(name)]) - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * One instance per model (tfjs's own optimizers keep positional slots, which break when variables are
 * created in another order); the moments are keyed
 * by stable variable names, so a checkpoint restores them whatever the creation order.
 */
import * as tf from '../../tfjs.js';
import { fusedAdamWUpdate } from '../webgpu/adamw-kernel.js';
import { useFusedKernels } from '../webgpu/kernel-mode.js';
import { useWasmOptimizerKernels, wasmAdamWUpdate } from '../wasm-optimizer-kernels.js';
import { Ema } from './ema.js';
import type { LrSchedule } from './lr-schedule.js';
import type { ParamStore } from './params.js';

/**
 * Whether a variable gets weight decay: only linear-layer weight matrices, i.e. names ending in
 * `/kernel` (patch embedding, attention and MLP projections, the CLIP projections, classifier
 * heads). Excluded, as in CoreNet's recipe ("no decay on norms and biases") plus the usual ViT/CLIP
 * exclusions: biases, LayerNorm gamma/beta, CLS token, image and text position embeddings, token
 * embeddings and CLIP's logit_scale — none of them has a `/kernel` suffix by construction.
 */
export function decayMask(name: string): boolean {
  return name.endsWith('/kernel');
}

export interface AdamWOptions {
  schedule: LrSchedule;
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999 (CatLIP); CLIP recipes use 0.98. */
  beta2?: number;
  /** Default 1e-8. */
  epsilon?: number;
  /** Decoupled weight decay for decayMask() variables; CatLIP uses 0.2. Default 0. */
  weightDecay?: number;
  /** Global-norm clipping threshold (CatLIP: 1.0); undefined = no clipping. */
  clipNorm?: number;
  /** Keep an EMA of the weights with this momentum (CatLIP: 0.0005); undefined = no EMA. */
  emaMomentum?: number;
}

/** Everything needed to resume the optimizer bit-exactly, as named Float32Arrays. */
export interface AdamWState {
  /** Updates applied so far (drives bias correction). */
  step: number;
  m: Record<string, Float32Array>;
  v: Record<string, Float32Array>;
  /** EMA weights, when the optimizer keeps an EMA. */
  ema?: Record<string, Float32Array>;
}

interface Slot {
  name: string;
  param: tf.Variable;
  m: tf.Variable;
  v: tf.Variable;
  decay: boolean;
}

export class AdamW {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  readonly ema?: Ema;
  private readonly slots: Slot[];
  private updates = 0;

  constructor(
    readonly params: ParamStore,
    readonly options: AdamWOptions,
  ) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    this.slots = params.entries().map(([name, param]) => ({
      name,
      param,
      // tidy frees the zerosLike temporaries (the variables keep copies)
      m: tf.tidy(() => tf.variable(tf.zerosLike(param), false)),
      v: tf.tidy(() => tf.variable(tf.zerosLike(param), false)),
      decay: decayMask(name),
    }));
    if (options.emaMomentum !== undefined) this.ema = new Ema(params, options.emaMomentum);
  }

  /** Updates applied so far. */
  get step(): number {
    return this.updates;
  }

  /**
   * One update with gradients in the order of params.entries() (what trainStep passes), each
   * multiplied by `gradScale` (a device scalar: the global-norm clipping factor) when given. The EMA,
   * if any, is not touched here: trainStep updates it after the model's constrain(). On webgpu with
   * fused kernels one dispatch per variable computes it and its moments, on wasm one kernel call all of
   * them (same arithmetic).
   */
  applyGradients(grads: readonly tf.Tensor[], lr: number, gradScale?: tf.Tensor): void {
    if (grads.length !== this.slots.length)
      throw new Error(`expected ${this.slots.length} gradients, got ${grads.length}`);
    const t = this.updates + 1;
    const stepSize = lr / (1 - this.beta1 ** t);
    const sqrtBiasCorrection2 = Math.sqrt(1 - this.beta2 ** t);
    tf.tidy(() => {
      if (useWasmOptimizerKernels()) {
        // one kernel call for every variable (wasm-optimizer-kernels.ts): same arithmetic, float32 throughout
        const decayFactors = this.slots.map((slot) =>
          slot.decay && this.weightDecay > 0 ? 1 - lr * this.weightDecay : 1,
        );
        const { beta1, beta2, epsilon } = this;
        wasmAdamWUpdate(this.slots, grads, gradScale ?? tf.scalar(1), {
          beta1,
          beta2,
          epsilon,
          stepSize,
          sqrtBiasCorrection2,
          decayFactors,
        });
        return;
      }
      if (useFusedKernels()) {
        const scale = gradScale ?? tf.scalar(1);
        const { beta1, beta2, epsilon } = this;
        this.slots.forEach((slot, i) => {
          const decayFactor = slot.decay && this.weightDecay > 0 ? 1 - lr * this.weightDecay : 1;
          fusedAdamWUpdate(slot.param, slot.m, slot.v, grads[i], scale, {
            beta1,
            beta2,
            epsilon,
            decayFactor,
            stepSize,
            sqrtBiasCorrection2,
          });
        });
        return;
      }
      this.slots.forEach((slot, i) => {
        const g = gradScale ? tf.mul(grads[i], gradScale) : grads[i];
        const m = tf.add(tf.mul(slot.m, this.beta1), tf.mul(g, 1 - this.beta1));
        const v = tf.add(tf.mul(slot.v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        const decayed = slot.decay && this.weightDecay > 0 ? tf.mul(slot.param, 1 - lr * this.weightDecay) : slot.param;
        const denominator = tf.add(tf.div(tf.sqrt(v), sqrtBiasCorrection2), this.epsilon);
        slot.param.assign(tf.sub(decayed, tf.mul(tf.div(m, denominator), stepSize)));
        slot.m.assign(m);
        slot.v.assign(v);
      });
    });
    this.updates = t;
  }

  async exportState(): Promise<AdamWState> {
    const m: Record<string, Float32Array> = {};
    const v: Record<string, Float32Array> = {};
    for (const slot of this.slots) {
      m[slot.name] = (await slot.m.data()) as Float32Array;
      v[slot.name] = (await slot.v.data()) as Float32Array;
    }
    const state: AdamWState = { step: this.updates, m, v };
    if (this.ema) state.ema = await this.ema.exportValues();
    return state;
  }

  importState(state: AdamWState): void {
    if (!Number.isInteger(state.step) || state.step < 0) throw new Error('optimizer state: bad step');
    for (const slot of this.slots) {
      for (const [moment, values] of [
        [slot.m, state.m[slot.name]],
        [slot.v, state.v[slot.name]],
      ] as const) {
        if (!values || values.length !== slot.param.size)
          throw new Error(`optimizer state lacks or mis-sizes ${slot.name}`);
        tf.tidy(() => moment.assign(tf.tensor(values, slot.param.shape, 'float32')));
      }
    }
    if (this.ema) {
      if (!state.ema) throw new Error('optimizer state has no EMA weights but this optimizer keeps an EMA');
      this.ema.importValues(state.ema);
    }
    this.updates = state.step;
  }

  dispose(): void {
    for (const slot of this.slots) {
      slot.m.dispose();
      slot.v.dispose();
    }
    this.ema?.dispose();
  }
}
