/**
 * ViT image encoder (Dosovitskiy et al.; the encoder CoreNet trains for CatLIP), written with plain
 * tfjs ops over named variables:
 *   patches -> linear patch embedding (+ CLS token) + learned position embeddings
 *   -> `depth` pre-norm blocks -> final LayerNorm -> CLS token or mean of the patch tokens.
 *
 * The patch embedding is a reshape into non-overlapping patches followed by one matmul: identical
 * to a stride-p conv, but it avoids conv2d, whose filter gradient the wasm backend lacks.
 * No dropout or stochastic depth: the pre-training recipe in the research notes lists neither.
 */
import * as tf from '../../tfjs.js';
import { dense, layerNorm, repeatBatch, type Activation } from './ops.js';
import { TRUNC_NORMAL_002, type ParamSpec, type ParamStore } from './params.js';
import { denseSpecs, layerNormSpecs, transformerStack, transformerStackSpecs, validateStack } from './transformer.js';

export interface VitConfig {
  /** Input side in pixels (square images). */
  imageSize: number;
  patchSize: number;
  width: number;
  depth: number;
  heads: number;
  /** MLP hidden width = mlpRatio * width. */
  mlpRatio: number;
  /** 'cls': a learned CLS token is prepended and its final state is the output (CoreNet's ViT). 'mean': no CLS token, mean over patch tokens. */
  pool: 'cls' | 'mean';
  /** MLP non-linearity; GELU unless stated (the `probe` preset uses ReLU). */
  activation?: Activation;
}

/** Variables of the image encoder live under this prefix (`image/patch_embed/kernel`, ...). */
export const IMAGE_PREFIX = 'image';

export function patchGrid(config: VitConfig): number {
  return config.imageSize / config.patchSize;
}

/** Tokens entering the transformer: patches plus the CLS token when pooling on it. */
export function tokenCount(config: VitConfig): number {
  return patchGrid(config) ** 2 + (config.pool === 'cls' ? 1 : 0);
}

export function validateVit(config: VitConfig): void {
  const grid = patchGrid(config);
  if (!Number.isInteger(grid) || grid < 1) {
    throw new RangeError(`ViT: image size ${config.imageSize} is not a multiple of patch size ${config.patchSize}`);
  }
  if (config.pool !== 'cls' && config.pool !== 'mean') throw new RangeError(`ViT: unknown pool ${String(config.pool)}`);
  validateStack(stackOf(config), 'ViT');
}

function stackOf(config: VitConfig) {
  return { ...config, activation: config.activation ?? 'gelu' };
}

export function vitParamSpecs(config: VitConfig): ParamSpec[] {
  validateVit(config);
  const { patchSize, width } = config;
  const specs: ParamSpec[] = [...denseSpecs(`${IMAGE_PREFIX}/patch_embed`, patchSize * patchSize * 3, width)];
  if (config.pool === 'cls') specs.push({ name: `${IMAGE_PREFIX}/cls_token`, shape: [width], init: TRUNC_NORMAL_002 });
  specs.push(
    { name: `${IMAGE_PREFIX}/pos_embed`, shape: [tokenCount(config), width], init: TRUNC_NORMAL_002 },
    ...transformerStackSpecs(IMAGE_PREFIX, stackOf(config)),
    ...layerNormSpecs(`${IMAGE_PREFIX}/ln_final`, width),
  );
  return specs;
}

/**
 * Splits [B, S, S, 3] into [B, patches, p*p*3], patches in row-major grid order and each patch
 * flattened (row, column, channel).
 */
export function patchify(images: tf.Tensor4D, patchSize: number): tf.Tensor3D {
  const [batch, height, width, channels] = images.shape;
  const gh = height / patchSize;
  const gw = width / patchSize;
  const grid = tf.reshape(images, [batch, gh, patchSize, gw, patchSize, channels]);
  return tf.reshape(tf.transpose(grid, [0, 1, 3, 2, 4, 5]), [batch, gh * gw, patchSize * patchSize * channels]);
}

/** Encodes float32 images [B, S, S, 3] (already normalised) into pooled features [B, width]. */
export function encodeImages(params: ParamStore, config: VitConfig, images: tf.Tensor4D): tf.Tensor2D {
  const [batch, height, width, channels] = images.shape;
  if (height !== config.imageSize || width !== config.imageSize || channels !== 3) {
    throw new RangeError(
      `ViT expects [B, ${config.imageSize}, ${config.imageSize}, 3] images, got [${images.shape.join(', ')}]`,
    );
  }
  const p = (name: string) => params.get(`${IMAGE_PREFIX}/${name}`);
  let tokens = dense(patchify(images, config.patchSize), p('patch_embed/kernel'), p('patch_embed/bias')) as tf.Tensor3D;
  if (config.pool === 'cls') {
    const cls = repeatBatch(tf.reshape(p('cls_token'), [1, config.width]), batch);
    tokens = tf.concat([cls, tokens], 1) as tf.Tensor3D;
  }
  tokens = tf.add(tokens, p('pos_embed'));
  const encoded = layerNorm(
    transformerStack(params, IMAGE_PREFIX, stackOf(config), tokens),
    p('ln_final/gamma'),
    p('ln_final/beta'),
  );
  if (config.pool === 'cls')
    return tf.reshape(tf.slice(encoded, [0, 0, 0], [batch, 1, config.width]), [batch, config.width]);
  return tf.mean(encoded, 1) as tf.Tensor2D;
}
