/**
 * The CLIP baseline's causal text transformer (Radford et al. 2021, as in open_clip):
 * token + learned position embeddings -> pre-norm causal blocks -> final LayerNorm -> the state at
 * the last real token (the [EOT] the tokenizer appends, or the last token of a truncated caption)
 * -> linear projection to the joint embedding (no bias).
 * Init as open_clip's TextTransformer: token embeddings N(0, 0.02), positions N(0, 0.01), blocks
 * per BlockInit 'clip-text', projection N(0, width^-0.5).
 */
import * as tf from '../../tfjs.js';
import { causalMask, dense, gatherRows, layerNorm, type Activation } from './ops.js';
import type { ParamSpec, ParamStore } from './params.js';
import { PAD_ID } from './tokenizer.js';
import { denseSpecs, layerNormSpecs, transformerStack, transformerStackSpecs, validateStack } from './transformer.js';

/** Size of the text tower without the vocabulary (which comes from the trained tokenizer). */
export interface TextEncoderShape {
  contextLength: number;
  width: number;
  depth: number;
  heads: number;
  mlpRatio: number;
  activation?: Activation;
  /** Dimension of the joint image-text embedding space. */
  embedDim: number;
}

export interface TextEncoderConfig extends TextEncoderShape {
  vocabSize: number;
}

export const TEXT_PREFIX = 'text';

function stackOf(config: TextEncoderConfig) {
  return { ...config, activation: config.activation ?? 'gelu' };
}

export function textParamSpecs(config: TextEncoderConfig): ParamSpec[] {
  validateStack(stackOf(config), 'text encoder');
  for (const key of ['vocabSize', 'contextLength', 'embedDim'] as const) {
    if (!Number.isInteger(config[key]) || config[key] < 1)
      throw new RangeError(`text encoder: ${key} must be a positive integer`);
  }
  return [
    {
      name: `${TEXT_PREFIX}/token_embed/embeddings`,
      shape: [config.vocabSize, config.width],
      init: { kind: 'normal', std: 0.02 },
    },
    {
      name: `${TEXT_PREFIX}/pos_embed`,
      shape: [config.contextLength, config.width],
      init: { kind: 'normal', std: 0.01 },
    },
    ...transformerStackSpecs(TEXT_PREFIX, stackOf(config), 'clip-text'),
    ...layerNormSpecs(`${TEXT_PREFIX}/ln_final`, config.width),
    ...denseSpecs('text_proj', config.width, config.embedDim, false, { kind: 'normal', std: config.width ** -0.5 }),
  ];
}

/**
 * Row index, in the flattened [B*T] token axis, of each caption's last non-[PAD] token (its
 * first token for an all-pad row).
 */
function lastTokenRows(tokens: tf.Tensor2D): tf.Tensor1D {
  const [batch, length] = tokens.shape;
  // int32 scalars throughout: a plain number would upcast the indices to float32.
  const count = tf.sum(tf.cast(tf.notEqual(tokens, tf.scalar(PAD_ID, 'int32')), 'int32'), 1);
  const last = tf.maximum(tf.sub(count, tf.scalar(1, 'int32')), tf.scalar(0, 'int32'));
  return tf.add(last, tf.mul(tf.range(0, batch, 1, 'int32'), tf.scalar(length, 'int32'))) as tf.Tensor1D;
}

/** Projected text features [B, embedDim] (not normalised) for int32 token ids [B, T], T <= contextLength. */
export function encodeText(params: ParamStore, config: TextEncoderConfig, tokens: tf.Tensor2D): tf.Tensor2D {
  const [batch, length] = tokens.shape;
  if (length > config.contextLength)
    throw new RangeError(`text: ${length} tokens exceed the context length ${config.contextLength}`);
  const p = (name: string) => params.get(`${TEXT_PREFIX}/${name}`);
  const embedded = tf.reshape(gatherRows(p('token_embed/embeddings') as tf.Tensor2D, tf.reshape(tokens, [-1])), [
    batch,
    length,
    config.width,
  ]);
  const positioned = tf.add(embedded, tf.slice(p('pos_embed'), [0, 0], [length, config.width])) as tf.Tensor3D;
  const encoded = layerNorm(
    transformerStack(params, TEXT_PREFIX, stackOf(config), positioned, causalMask(length)),
    p('ln_final/gamma'),
    p('ln_final/beta'),
  );
  const pooled = gatherRows(tf.reshape(encoded, [batch * length, config.width]), lastTokenRows(tokens));
  return dense(pooled, params.get('text_proj/kernel')) as tf.Tensor2D;
}
