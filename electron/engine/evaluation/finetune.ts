/**
 * Full fine-tuning: the pretrained image encoder plus a new linear head, all trained on the labelled
 * train subset. The recipe is CoreNet's CatLIP ImageNet fine-tune (projects/catlip/image_classification/
 * imagenet/vit_base.yaml) scaled down to a pilot:
 *   paper: AdamW (0.9, 0.999), weight decay 0.05 (not on norms / biases), cosine LR 3e-5 → 3e-6 after a
 *          500-iteration warm-up from 1e-6, 10 epochs at batch 512, label smoothing 0.1, grad clip 1.0,
 *          random-resized-crop + flip (+ RangeAugment, variable resolution, EMA).
 *   here:  the same optimizer, decay mask, schedule shape (peak / 10 at the end, 10% warm-up from 1e-6),
 *          label smoothing, clipping and crop + flip (the milder crop range for ≤ 64 px images, as in
 *          pre-training); default 10 epochs at batch 32 and peak LR 3e-4 — pilot encoders have seen far
 *          less data than the paper's, and 3e-5 at batch 32 barely moves them in a few hundred steps.
 *          Measured (vit-tiny CatLIP, 300 steps on coco-mini; 10% of flowers5 at 32 px, 2 epochs, top-1
 *          random / Transfer Init): 1e-4 → 0.36 / 0.19, 3e-4 → 0.40 / 0.33, 1e-3 → 0.42 / 0.37; 3e-4 is the
 *          middle ground for larger encoders and longer runs. No RangeAugment, variable resolution or EMA.
 * A transferred head (Transfer Init) is already a classifier for the task, fitted to the pretrained
 * features; two settings keep fine-tuning from undoing that (the total step count stays that of a random
 * head):
 * - a head-only warm-up (LP-FT, Kumar et al. 2022): for the first `headWarmupShare` of the steps only the
 *   head trains, at the peak LR, encoder frozen; then the whole model follows the schedule above;
 * - a lower peak LR (`transferLrScale`): AdamW moves every weight by about the LR per step however small
 *   its gradient, so at the LR a random head needs, a few steps carry the encoder away from the features
 *   the transferred rows fit (measured on a variant of the skewed synthetic test: a balanced head at
 *   0.93 top-1 fell to 0.73 after 6 steps at 3e-4 and stayed at 0.93 at 1e-4, where a random head
 *   reached 0.82 at 3e-4).
 */
import * as tf from '../tfjs.js';
import type { ImageCacheReader } from '../datasets/image-cache.js';
import { BatchSampler } from '../training/batch-sampler.js';
import { augmentBatch, IMAGENET_CROP, SMALL_IMAGE_CROP } from '../training/model/augment.js';
import { clipByGlobalNorm } from '../training/model/grad-clip.js';
import { lrAt, type LrSchedule } from '../training/model/lr-schedule.js';
import { dense } from '../training/model/ops.js';
import { AdamW } from '../training/model/optimizer.js';
import { ParamStore, ZEROS } from '../training/model/params.js';
import { hashString, Rng } from '../training/model/rng.js';
import { encodeImages, IMAGE_PREFIX, vitParamSpecs, type VitConfig } from '../training/model/vit.js';
import { denseSpecs } from '../training/model/transformer.js';
import { mapImages } from './map-images.js';
import type { LinearHead } from './transfer-init.js';
import { noteError } from '../../shared/errors.js';

export const FINETUNE_DEFAULTS = {
  epochs: 10,
  batch: 32,
  lr: 3e-4,
  weightDecay: 0.05,
  labelSmoothing: 0.1,
  clipNorm: 1,
  warmupShare: 0.1,
  warmupStartLr: 1e-6,
  /** Share of the steps that train only a transferred head (0 for a random head). */
  headWarmupShare: 0.1,
  /** A transferred head's peak LR as a share of the requested one (1 for a random head). */
  transferLrScale: 1 / 3,
} as const;

export interface FinetuneOptions {
  epochs: number;
  batch: number;
  lr: number;
  /** Share of the steps that train only the head, encoder frozen (default 0). */
  headWarmupShare?: number;
  seed: number;
  onStep?: (step: number, steps: number, loss: number) => void;
  signal?: AbortSignal;
}

export interface FinetuneResult {
  /** The recipe as run, for the evaluation's stored settings. */
  recipe: Record<string, unknown>;
  finalLoss: number;
  /** Logits [n, classes] of the fine-tuned classifier for the images at these cache records. */
  classify(cache: ImageCacheReader, cacheIndex: ArrayLike<number>): Promise<Float32Array>;
  /** The trained values: the encoder (`image/…`) and the head (`classifier/kernel`, `classifier/bias`). */
  weights(): Promise<Record<string, Float32Array>>;
  dispose(): void;
}

export const CLASSIFIER = 'classifier';

/**
 * Fine-tunes a copy of `source`'s image-encoder variables (`image/*`) with `head` as the initial
 * classifier. The source model is left untouched.
 */
export async function finetune(
  source: ParamStore,
  encoder: VitConfig,
  head: LinearHead,
  train: { cache: ImageCacheReader; cacheIndex: Int32Array; labels: Int32Array },
  options: FinetuneOptions,
): Promise<FinetuneResult> {
  // zero-filled specs: every value is overwritten below, and drawing a B/16's random init in JS takes seconds
  const specs = [...vitParamSpecs(encoder), ...denseSpecs(CLASSIFIER, encoder.width, head.classes)].map((s) => ({
    ...s,
    init: ZEROS,
  }));
  const params = ParamStore.create(specs, options.seed);
  for (const [name, v] of params.entries()) if (name.startsWith(`${IMAGE_PREFIX}/`)) v.assign(source.get(name));
  tf.tidy(() => {
    params.get(`${CLASSIFIER}/kernel`).assign(tf.tensor2d(head.kernel, [head.width, head.classes]));
    params.get(`${CLASSIFIER}/bias`).assign(tf.tensor1d(head.bias));
  });
  /** Where the classifier variables live: `params`, or the head-only warm-up's own store while it runs. */
  let headStore = params;
  const logits = (images: tf.Tensor4D) =>
    dense(
      encodeImages(params, encoder, images),
      headStore.get(`${CLASSIFIER}/kernel`),
      headStore.get(`${CLASSIFIER}/bias`),
    ) as tf.Tensor2D;

  const n = train.labels.length;
  const batch = Math.min(options.batch, n);
  const sampler = new BatchSampler(n, batch, options.seed);
  const steps = Math.max(1, Math.round(options.epochs * sampler.batchesPerEpoch));
  const share = options.headWarmupShare ?? 0;
  // at least one head step when asked for, and always one step for the whole model
  const headSteps = share > 0 ? Math.min(steps - 1, Math.max(1, Math.round(steps * share))) : 0;
  const fullSteps = steps - headSteps;
  const schedule: LrSchedule = {
    baseLr: options.lr,
    minLr: options.lr / 10,
    warmupSteps: Math.round(fullSteps * FINETUNE_DEFAULTS.warmupShare),
    warmupStartLr: Math.min(FINETUNE_DEFAULTS.warmupStartLr, options.lr),
    totalSteps: fullSteps,
  };
  const rng = new Rng((options.seed ^ hashString('finetune-augment')) >>> 0);
  const crop = encoder.imageSize <= 64 ? SMALL_IMAGE_CROP : IMAGENET_CROP;
  let finalLoss = Number.NaN;
  /** One optimizer step on the next batch, over `trained` (gradients of the others are never computed). */
  const trainStep = async (step: number, optimizer: AdamW, trained: tf.Variable[], lr: number) => {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('cancelled');
    const items = sampler.next();
    const images = augmentBatch(
      Array.from(items, (i) => train.cache.read(train.cacheIndex[i])),
      rng,
      { size: encoder.imageSize, crop },
    );
    const labels = tf.tensor1d(
      Int32Array.from(items, (i) => train.labels[i]),
      'int32',
    );
    let loss: tf.Scalar;
    try {
      loss = tf.tidy(() => {
        const targets = tf.oneHot(labels, head.classes);
        const { value, grads } = tf.variableGrads(
          () =>
            tf.losses.softmaxCrossEntropy(
              targets,
              logits(images),
              undefined,
              FINETUNE_DEFAULTS.labelSmoothing,
            ) as tf.Scalar,
          trained,
        );
        const { clipped } = clipByGlobalNorm(
          trained.map((v) => grads[v.name] ?? tf.zerosLike(v)),
          FINETUNE_DEFAULTS.clipNorm,
        );
        optimizer.applyGradients(clipped, lr);
        return value;
      });
    } finally {
      tf.dispose([images, labels]);
    }
    finalLoss = (await loss.data())[0];
    loss.dispose();
    if (!Number.isFinite(finalLoss))
      throw noteError('invalid-request', 'eval.lossDiverged', { loss: finalLoss, step: step + 1 }, { field: 'lr' });
    options.onStep?.(step + 1, steps, finalLoss);
  };
  try {
    if (headSteps > 0) {
      // the head in its own store with its own optimizer (AdamW updates every variable of its store), copied back after
      const headParams = ParamStore.create(
        denseSpecs(CLASSIFIER, encoder.width, head.classes).map((s) => ({ ...s, init: ZEROS })),
        options.seed,
      );
      const headOptimizer = new AdamW(headParams, {
        schedule,
        beta2: 0.999,
        weightDecay: FINETUNE_DEFAULTS.weightDecay,
      });
      try {
        for (const [name, v] of headParams.entries()) v.assign(params.get(name));
        headStore = headParams;
        for (let step = 0; step < headSteps; step++)
          await trainStep(step, headOptimizer, headParams.variables(), options.lr);
        for (const [name, v] of headParams.entries()) params.get(name).assign(v);
      } finally {
        headStore = params;
        headOptimizer.dispose();
        headParams.dispose();
      }
    }
    const optimizer = new AdamW(params, { schedule, beta2: 0.999, weightDecay: FINETUNE_DEFAULTS.weightDecay });
    try {
      for (let step = 0; step < fullSteps; step++)
        await trainStep(headSteps + step, optimizer, params.variables(), lrAt(step, schedule));
    } finally {
      optimizer.dispose();
    }
  } catch (e) {
    params.dispose();
    throw e;
  }
  return {
    recipe: {
      epochs: options.epochs,
      batch,
      steps,
      head_warmup_steps: headSteps,
      head_warmup_lr: headSteps > 0 ? options.lr : undefined,
      lr_peak: schedule.baseLr,
      lr_end: schedule.minLr,
      warmup_steps: schedule.warmupSteps,
      warmup_start_lr: schedule.warmupStartLr,
      weight_decay: FINETUNE_DEFAULTS.weightDecay,
      label_smoothing: FINETUNE_DEFAULTS.labelSmoothing,
      clip_norm: FINETUNE_DEFAULTS.clipNorm,
      crop,
      flip_probability: 0.5,
      final_loss: finalLoss,
    },
    finalLoss,
    classify: async (cache, cacheIndex) =>
      (await mapImages(cache, cacheIndex, logits, { imageSize: encoder.imageSize })).values,
    weights: () => params.exportValues(),
    dispose: () => params.dispose(),
  };
}
