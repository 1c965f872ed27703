/**
 * What the trainer sees of a pre-training model: named variables, a loss over a batch, and two
 * hooks around the optimizer update. Batches carry images as a tensor (the trainer disposes it)
 * and labels/captions as host arrays, which the loss uploads inside its own tidy scope.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from './params.js';
import type { RunningIdf } from './running-idf.js';
import type { TextEncoderConfig } from './text-encoder.js';
import type { VitConfig } from './vit.js';

export type ObjectiveName = 'catlip' | 'clip' | 'superclass';

export interface ImageBatch {
  /** float32 [B, S, S, 3], normalised (see augment.ts). */
  images: tf.Tensor4D;
}

/** CatLIP: each image's class (synset) indices; duplicates collapse, an empty list is an all-zero target. */
export interface LabelBatch extends ImageBatch {
  labels: ReadonlyArray<ArrayLike<number>>;
}

/** CLIP and SuperClass: each image's caption as `Tokenizer.encode(caption, contextLength)` ids (all the same length). */
export interface CaptionBatch extends ImageBatch {
  tokens: ReadonlyArray<Int32Array>;
}

export interface PretrainingModel<B extends ImageBatch> {
  readonly objective: ObjectiveName;
  /** One line naming the architecture and loss, for logs and reports. */
  readonly description: string;
  readonly encoder: VitConfig;
  readonly seed: number;
  /** Every trainable variable by stable name (image encoder under `image/`). */
  readonly variables: ParamStore;
  /** Pooled image-encoder features [B, width] (what a linear probe or fine-tune starts from). */
  encodeImages(images: tf.Tensor4D): tf.Tensor2D;
  /** Scalar training loss; call inside tf.tidy / tf.variableGrads. Pure in the variables. */
  loss(batch: B): tf.Scalar;
  /** Updates non-gradient running statistics from a training batch, once per step, before loss(). */
  observe(batch: B): void;
  /** Projects variables back into their valid range after an optimizer update. */
  constrain(): void;
  dispose(): void;
}

export interface CatlipModel extends PretrainingModel<LabelBatch> {
  readonly objective: 'catlip';
  readonly numClasses: number;
  /** Class logits [B, numClasses]; sigmoid > 0.5 (logit > 0) is a predicted label. */
  logits(images: tf.Tensor4D): tf.Tensor2D;
}

export interface ClipModel extends PretrainingModel<CaptionBatch> {
  readonly objective: 'clip';
  readonly text: TextEncoderConfig;
  /** L2-normalised image embeddings [B, embedDim]. */
  imageEmbeddings(images: tf.Tensor4D): tf.Tensor2D;
  /** L2-normalised text embeddings [B, embedDim]. */
  textEmbeddings(tokens: tf.Tensor2D | ReadonlyArray<Int32Array>): tf.Tensor2D;
  /** exp(logit_scale), the inverse temperature (async: the webgpu backend in Node cannot read synchronously). */
  temperatureScale(): Promise<number>;
}

export interface SuperclassModel extends PretrainingModel<CaptionBatch> {
  readonly objective: 'superclass';
  /** = tokenizer vocabulary size; special-token classes never receive target mass. */
  readonly numClasses: number;
  /** Running document frequencies; part of the training state (checkpoint `idf.toJSON()`, resume with `idf.restore(json)`). */
  readonly idf: RunningIdf;
  logits(images: tf.Tensor4D): tf.Tensor2D;
  /** IDF-weighted, L1-normalised K-hot targets [B, numClasses] under the current counts. */
  targets(tokens: ReadonlyArray<Int32Array>): tf.Tensor2D;
}

export type AnyPretrainingModel = CatlipModel | ClipModel | SuperclassModel;

export interface CatlipModelOptions {
  objective: 'catlip';
  encoder: VitConfig;
  /** Vocabulary (synset) size V. */
  numClasses: number;
  seed: number;
}

export interface SuperclassModelOptions {
  objective: 'superclass';
  encoder: VitConfig;
  /** Tokenizer vocabulary size. */
  numClasses: number;
  seed: number;
}

export interface ClipModelOptions {
  objective: 'clip';
  encoder: VitConfig;
  text: TextEncoderConfig;
  seed: number;
}

export type ModelOptions = CatlipModelOptions | SuperclassModelOptions | ClipModelOptions;
