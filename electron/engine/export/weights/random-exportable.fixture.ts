/**
 * Test helper: an ExportableModel whose every weight is random and far from its initial value (biases not
 * zero, LayerNorm gains not one, attention weights large enough to make softmax matter), built from the
 * engine's own CatLIP model, with the engine's logits on fixed random images. A round trip through an export
 * format must reproduce these logits.
 */
import * as tf from '../../tfjs.js';
import { IMAGENET_NORMALIZATION } from '../../training/model/augment.js';
import { createModel } from '../../training/model/objectives.js';
import { Rng } from '../../training/model/rng.js';
import type { VitConfig } from '../../training/model/vit.js';
import type { ExportableModel } from './exportable-model.js';

export interface ExportableWithLogits {
  model: ExportableModel;
  /** [count, S, S, 3] normalised images, row-major. */
  images: Float32Array;
  count: number;
  /** The engine's logits [count, classes] and pooled features [count, width]. */
  logits: Float32Array;
  features: Float32Array;
}

export async function randomExportable(
  encoder: VitConfig,
  classes: number,
  count = 3,
  seed = 5,
): Promise<ExportableWithLogits> {
  const m = createModel({ objective: 'catlip', encoder, numClasses: classes, seed });
  try {
    const rng = new Rng(seed);
    const values = await m.variables.exportValues();
    const perturbed = Object.fromEntries(
      Object.entries(values).map(([name, v]) => {
        const scale = name.includes('gamma') ? 0.5 : 0.15;
        return [name, v.map((x) => x + scale * (2 * rng.next() - 1))];
      }),
    );
    m.variables.importValues(perturbed);
    const images = Float32Array.from({ length: count * encoder.imageSize ** 2 * 3 }, () => 4 * rng.next() - 2);
    const x = tf.tensor4d(images, [count, encoder.imageSize, encoder.imageSize, 3]);
    const logitsT = m.logits(x);
    const featuresT = m.encodeImages(x);
    const [logits, features] = [(await logitsT.data()) as Float32Array, (await featuresT.data()) as Float32Array];
    tf.dispose([x, logitsT, featuresT]);
    const encoderWeights = Object.fromEntries(Object.entries(perturbed).filter(([n]) => n.startsWith('image/')));
    const model: ExportableModel = {
      source: { kind: 'run', run: 1, objective: 'catlip', step: 10, weights: 'trained' },
      encoder,
      encoderWeights,
      head: { kind: 'classifier', outputs: classes, kernel: perturbed['head/kernel'], bias: perturbed['head/bias'] },
      classNames: Array.from({ length: classes }, (_, i) => `class_${i}.n.01`),
      normalization: IMAGENET_NORMALIZATION,
    };
    return { model, images, count, logits, features };
  } finally {
    m.dispose();
  }
}
