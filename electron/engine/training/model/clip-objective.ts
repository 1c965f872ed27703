/**
 * The CLIP baseline (Radford et al. 2021, as open_clip trains it): the same ViT image encoder plus
 * a causal text transformer, both projected (no bias) to a joint space and L2-normalised; symmetric
 * InfoNCE over the batch's similarity matrix scaled by a learned inverse temperature
 * exp(logit_scale), logit_scale initialised to ln(1/0.07) and kept within [0, ln 100] by
 * constrain() after each update (open_clip clamps the parameter in place the same way).
 */
import * as tf from '../../tfjs.js';
import { describeVit } from './classifier-head.js';
import { symmetricInfoNce } from './losses.js';
import type { CaptionBatch, ClipModel, ClipModelOptions } from './objective-types.js';
import { dense, l2Normalize } from './ops.js';
import { ParamStore, type ParamSpec } from './params.js';
import { encodeText, textParamSpecs } from './text-encoder.js';
import { denseSpecs } from './transformer.js';
import { encodeImages, vitParamSpecs } from './vit.js';

export const LOGIT_SCALE_INIT = Math.log(1 / 0.07);
export const LOGIT_SCALE_MAX = Math.log(100);
export const LOGIT_SCALE_NAME = 'logit_scale';

export function clipParamSpecs(options: Omit<ClipModelOptions, 'seed'>): ParamSpec[] {
  return [
    ...vitParamSpecs(options.encoder),
    // open_clip's VisionTransformer.proj: N(0, width^-0.5).
    ...denseSpecs('image_proj', options.encoder.width, options.text.embedDim, false, {
      kind: 'normal',
      std: options.encoder.width ** -0.5,
    }),
    ...textParamSpecs(options.text),
    { name: LOGIT_SCALE_NAME, shape: [], init: { kind: 'constant', value: LOGIT_SCALE_INIT } },
  ];
}

/** Stacks per-caption token arrays into an int32 [B, T] tensor. */
export function tokenTensor(tokens: ReadonlyArray<Int32Array>): tf.Tensor2D {
  const length = tokens[0]?.length ?? 0;
  const flat = new Int32Array(tokens.length * length);
  tokens.forEach((row, i) => {
    if (row.length !== length)
      throw new RangeError('all captions in a batch must be encoded to the same context length');
    flat.set(row, i * length);
  });
  return tf.tensor2d(flat, [tokens.length, length], 'int32');
}

export function createClipModel(options: ClipModelOptions): ClipModel {
  const { encoder, text, seed } = options;
  const params = ParamStore.create(clipParamSpecs(options), seed);
  const imageEmbeddings = (images: tf.Tensor4D) =>
    l2Normalize(dense(encodeImages(params, encoder, images), params.get('image_proj/kernel')) as tf.Tensor2D);
  const textEmbeddings = (tokens: tf.Tensor2D | ReadonlyArray<Int32Array>) =>
    l2Normalize(encodeText(params, text, tokens instanceof tf.Tensor ? tokens : tokenTensor(tokens)));
  const logitScale = params.get(LOGIT_SCALE_NAME);
  return {
    objective: 'clip',
    description:
      `CLIP: ${describeVit(encoder)} + causal text transformer (vocab ${text.vocabSize}, ${text.contextLength} tokens, ` +
      `width ${text.width}, depth ${text.depth}), ${text.embedDim}-d joint space; symmetric InfoNCE, learned temperature`,
    encoder,
    text,
    seed,
    variables: params,
    encodeImages: (images) => encodeImages(params, encoder, images),
    imageEmbeddings,
    textEmbeddings,
    temperatureScale: async () => Math.exp((await logitScale.data())[0]),
    loss: (batch: CaptionBatch) => {
      if (batch.tokens.length !== batch.images.shape[0]) throw new RangeError('CLIP batch: one caption per image');
      const similarity = tf.matMul(imageEmbeddings(batch.images), textEmbeddings(batch.tokens), false, true);
      return symmetricInfoNce(tf.mul(similarity, tf.exp(logitScale)));
    },
    observe: () => {},
    constrain: () => {
      tf.tidy(() => logitScale.assign(tf.clipByValue(logitScale, 0, LOGIT_SCALE_MAX)));
    },
    dispose: () => params.dispose(),
  };
}
