/**
 * The linear classifier CatLIP and SuperClass put on the pooled image features (`head/kernel`
 * [width, classes], `head/bias` [classes]), plus the one-line encoder description both reuse.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { dense } from './ops.js';
import type { ParamSpec, ParamStore } from './params.js';
import { denseSpecs } from './transformer.js';
import type { VitConfig } from './vit.js';

export const HEAD_PREFIX = 'head';

export function classifierHeadSpecs(width: number, numClasses: number): ParamSpec[] {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError('numClasses must be a positive integer');
  return denseSpecs(HEAD_PREFIX, width, numClasses);
}

export function classifierLogits(params: ParamStore, features: tf.Tensor2D): tf.Tensor2D {
  return dense(features, params.get(`${HEAD_PREFIX}/kernel`), params.get(`${HEAD_PREFIX}/bias`)) as tf.Tensor2D;
}

export function describeVit(c: VitConfig): string {
  return (
    `ViT ${c.imageSize}px/p${c.patchSize} width ${c.width} depth ${c.depth} heads ${c.heads} ` +
    `${c.mlpRatio}x ${(c.activation ?? 'gelu').toUpperCase()} MLP, ${c.pool} pool`
  );
}
