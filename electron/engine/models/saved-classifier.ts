/**
 * A saved model as a tfjs classifier: the encoder rebuilt from its saved weights, then the standardisation
 * (linear probe) and the head — the same operations evaluation scored its test images with, so a saved model
 * gives the evaluation's probabilities on the same images.
 */
import * as tf from '../tfjs.js';
import { dense } from '../training/model/ops.js';
import { ParamStore, ZEROS } from '../training/model/params.js';
import { encodeImages, vitParamSpecs } from '../training/model/vit.js';
import type { LoadedSavedModel } from './load-model.js';

export interface SavedClassifier {
  /** Logits [B, classes] of prepared images [B, S, S, 3]; call inside tf.tidy. */
  logits(images: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

export function createSavedClassifier(loaded: LoadedSavedModel): SavedClassifier {
  const params = ParamStore.create(
    vitParamSpecs(loaded.encoder).map((s) => ({ ...s, init: ZEROS })),
    0,
  );
  try {
    params.importValues(Object.fromEntries(loaded.encoderWeights.map((t) => [t.name, t.data])));
  } catch (e) {
    params.dispose();
    throw e;
  }
  const { head, standardisation } = loaded;
  const kernel = tf.tensor2d(head.kernel, [head.width, head.classes]);
  const bias = tf.tensor1d(head.bias);
  const mean = standardisation ? tf.tensor1d(standardisation.mean) : undefined;
  const std = standardisation ? tf.tensor1d(standardisation.std) : undefined;
  return {
    logits: (images) => {
      const pooled = encodeImages(params, loaded.encoder, images);
      const features = mean && std ? tf.div(tf.sub(pooled, mean), std) : pooled;
      return dense(features, kernel, bias) as tf.Tensor2D;
    },
    dispose: () => {
      params.dispose();
      tf.dispose([kernel, bias, ...(mean && std ? [mean, std] : [])]);
    },
  };
}
