/**
 * CatLIP (Mehta et al. 2024): image-text pre-training recast as multi-label classification over
 * the caption's WordNet synsets. Only the image encoder and a linear head train; the loss is
 * sigmoid BCE summed over classes and averaged over the batch (CoreNet "batch_mean").
 */
import * as tf from '../../tfjs.js';
import { classifierHeadSpecs, classifierLogits, describeVit } from './classifier-head.js';
import { multiHot, sigmoidBinaryCrossEntropy } from './losses.js';
import type { CatlipModel, CatlipModelOptions, LabelBatch } from './objective-types.js';
import { ParamStore, type ParamSpec } from './params.js';
import { encodeImages, vitParamSpecs } from './vit.js';

export function catlipParamSpecs(options: Omit<CatlipModelOptions, 'seed'>): ParamSpec[] {
  return [...vitParamSpecs(options.encoder), ...classifierHeadSpecs(options.encoder.width, options.numClasses)];
}

export function createCatlipModel(options: CatlipModelOptions): CatlipModel {
  const { encoder, numClasses, seed } = options;
  const params = ParamStore.create(catlipParamSpecs(options), seed);
  const logits = (images: tf.Tensor4D) => classifierLogits(params, encodeImages(params, encoder, images));
  return {
    objective: 'catlip',
    description: `CatLIP: ${describeVit(encoder)} + linear head to ${numClasses} classes; sigmoid BCE summed over classes, batch mean`,
    encoder,
    seed,
    numClasses,
    variables: params,
    encodeImages: (images) => encodeImages(params, encoder, images),
    logits,
    loss: (batch: LabelBatch) => {
      if (batch.labels.length !== batch.images.shape[0]) throw new RangeError('CatLIP batch: one label list per image');
      return sigmoidBinaryCrossEntropy(logits(batch.images), multiHot(batch.labels, numClasses));
    },
    observe: () => {},
    constrain: () => {},
    dispose: () => params.dispose(),
  };
}
