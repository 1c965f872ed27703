/**
 * SuperClass (Huang et al., NeurIPS 2024): classification on the caption's raw tokenizer ids, no
 * synset filtering. Target = K-hot over the caption's distinct tokens weighted by running IDF and
 * L1-normalised; loss = softmax cross-entropy (reported ~2 points better than BCE for probing).
 */
import * as tf from '../../tfjs.js';
import { classifierHeadSpecs, classifierLogits, describeVit } from './classifier-head.js';
import { softTargetCrossEntropy, sparseToDense } from './losses.js';
import type { CaptionBatch, SuperclassModel, SuperclassModelOptions } from './objective-types.js';
import { ParamStore, type ParamSpec } from './params.js';
import { RunningIdf } from './running-idf.js';
import { encodeImages, vitParamSpecs } from './vit.js';

export function superclassParamSpecs(options: Omit<SuperclassModelOptions, 'seed'>): ParamSpec[] {
  return [...vitParamSpecs(options.encoder), ...classifierHeadSpecs(options.encoder.width, options.numClasses)];
}

/**
 * Sparse IDF-weighted, L1-normalised targets. A caption whose tokens all have weight 0 (each seen
 * in every caption so far) gets an all-zero row, i.e. no loss, as F.normalize's epsilon gives in
 * the reference code.
 */
export function superclassTargetEntries(
  idf: RunningIdf,
  tokens: ReadonlyArray<ArrayLike<number>>,
): { indices: Int32Array; values: Float32Array } {
  const indices: number[] = [];
  const values: number[] = [];
  tokens.forEach((caption, row) => {
    const classes = idf.distinctClasses(caption);
    const weights = classes.map((id) => idf.weight(id));
    const total = weights.reduce((a, b) => a + b, 0);
    if (total <= 0) return;
    classes.forEach((id, i) => {
      if (weights[i] <= 0) return;
      indices.push(row, id);
      values.push(weights[i] / total);
    });
  });
  return { indices: Int32Array.from(indices), values: Float32Array.from(values) };
}

export function createSuperclassModel(options: SuperclassModelOptions): SuperclassModel {
  const { encoder, numClasses, seed } = options;
  const params = ParamStore.create(superclassParamSpecs(options), seed);
  const idf = new RunningIdf(numClasses);
  const logits = (images: tf.Tensor4D) => classifierLogits(params, encodeImages(params, encoder, images));
  const targets = (tokens: ReadonlyArray<Int32Array>) =>
    sparseToDense(tokens.length, numClasses, superclassTargetEntries(idf, tokens));
  return {
    objective: 'superclass',
    description:
      `SuperClass: ${describeVit(encoder)} + linear head over ${numClasses} tokenizer ids; ` +
      'running-IDF-weighted L1-normalised K-hot targets, softmax cross-entropy',
    encoder,
    seed,
    numClasses,
    idf,
    variables: params,
    encodeImages: (images) => encodeImages(params, encoder, images),
    logits,
    targets,
    loss: (batch: CaptionBatch) => {
      if (batch.tokens.length !== batch.images.shape[0])
        throw new RangeError('SuperClass batch: one caption per image');
      return softTargetCrossEntropy(logits(batch.images), targets(batch.tokens));
    },
    observe: (batch: CaptionBatch) => idf.update(batch.tokens),
    constrain: () => {},
    dispose: () => params.dispose(),
  };
}
