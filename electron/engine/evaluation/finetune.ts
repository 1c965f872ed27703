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

export const FINETUNE_DEFAULTS = {
  epochs: 10,
  batch: 32,
  lr: 3e-4,
  weightDecay: 0.05,
  labelSmoothing: 0.1,
  clipNorm: 1,
  warmupShare: 0.1,
  warmupStartLr: 1e-6,
} as const;

export interface FinetuneOptions {
  epochs: number;
  batch: number;
  lr: number;
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
  dispose(): void;
}

const CLASSIFIER = 'classifier';

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
  const specs = [...vitParamSpecs(encoder), ...denseSpecs(CLASSIFIER, encoder.width, head.classes)].map((s) => ({ ...s, init: ZEROS }));
  const params = ParamStore.create(specs, options.seed);
  for (const [name, v] of params.entries()) if (name.startsWith(`${IMAGE_PREFIX}/`)) v.assign(source.get(name));
  tf.tidy(() => {
    params.get(`${CLASSIFIER}/kernel`).assign(tf.tensor2d(head.kernel, [head.width, head.classes]));
    params.get(`${CLASSIFIER}/bias`).assign(tf.tensor1d(head.bias));
  });
  const logits = (images: tf.Tensor4D) =>
    dense(encodeImages(params, encoder, images), params.get(`${CLASSIFIER}/kernel`), params.get(`${CLASSIFIER}/bias`)) as tf.Tensor2D;

  const n = train.labels.length;
  const batch = Math.min(options.batch, n);
  const sampler = new BatchSampler(n, batch, options.seed);
  const steps = Math.max(1, Math.round(options.epochs * sampler.batchesPerEpoch));
  const schedule: LrSchedule = {
    baseLr: options.lr,
    minLr: options.lr / 10,
    warmupSteps: Math.round(steps * FINETUNE_DEFAULTS.warmupShare),
    warmupStartLr: Math.min(FINETUNE_DEFAULTS.warmupStartLr, options.lr),
    totalSteps: steps,
  };
  const optimizer = new AdamW(params, { schedule, beta2: 0.999, weightDecay: FINETUNE_DEFAULTS.weightDecay });
  const rng = new Rng((options.seed ^ hashString('finetune-augment')) >>> 0);
  const crop = encoder.imageSize <= 64 ? SMALL_IMAGE_CROP : IMAGENET_CROP;
  const variables = params.variables();
  let finalLoss = Number.NaN;
  try {
    for (let step = 0; step < steps; step++) {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('cancelled');
      const items = sampler.next();
      const images = augmentBatch(Array.from(items, (i) => train.cache.read(train.cacheIndex[i])), rng, { size: encoder.imageSize, crop });
      const labels = tf.tensor1d(Int32Array.from(items, (i) => train.labels[i]), 'int32');
      let loss: tf.Scalar;
      try {
        loss = tf.tidy(() => {
          const targets = tf.oneHot(labels, head.classes);
          const { value, grads } = tf.variableGrads(
            () => tf.losses.softmaxCrossEntropy(targets, logits(images), undefined, FINETUNE_DEFAULTS.labelSmoothing) as tf.Scalar, variables);
          const { clipped } = clipByGlobalNorm(variables.map((v) => grads[v.name] ?? tf.zerosLike(v)), FINETUNE_DEFAULTS.clipNorm);
          optimizer.applyGradients(clipped, lrAt(step, schedule));
          return value;
        });
      } finally {
        tf.dispose([images, labels]);
      }
      finalLoss = (await loss.data())[0];
      loss.dispose();
      if (!Number.isFinite(finalLoss)) throw new Error(`fine-tune loss became ${finalLoss} at step ${step + 1}; lower --lr`);
      options.onStep?.(step + 1, steps, finalLoss);
    }
  } catch (e) {
    optimizer.dispose();
    params.dispose();
    throw e;
  }
  optimizer.dispose();
  return {
    recipe: {
      epochs: options.epochs, batch, steps, lr_peak: schedule.baseLr, lr_end: schedule.minLr, warmup_steps: schedule.warmupSteps,
      warmup_start_lr: schedule.warmupStartLr, weight_decay: FINETUNE_DEFAULTS.weightDecay, label_smoothing: FINETUNE_DEFAULTS.labelSmoothing,
      clip_norm: FINETUNE_DEFAULTS.clipNorm, crop, flip_probability: 0.5, final_loss: finalLoss,
    },
    finalLoss,
    classify: async (cache, cacheIndex) => (await mapImages(cache, cacheIndex, logits, { imageSize: encoder.imageSize })).values,
    dispose: () => params.dispose(),
  };
}
