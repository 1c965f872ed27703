/**
 * A stack of pre-norm transformer blocks, shared by the ViT image encoder and the CLIP text encoder:
 *   x = x + MHSA(LN1(x));  x = x + MLP(LN2(x)),  MLP = fc2(act(fc1(x))).
 * Variables live under `${prefix}/blocks/${i}/...`.
 */
import * as tf from '../../tfjs.js';
import { dense, denseActivate, layerNorm, selfAttention, type Activation } from './ops.js';
import { ONES, TRUNC_NORMAL_002, ZEROS, type ParamInit, type ParamSpec, type ParamStore } from './params.js';

export interface TransformerStackConfig {
  width: number;
  depth: number;
  heads: number;
  /** Hidden width of the MLP as a multiple of `width` (4 in ViT and CLIP). */
  mlpRatio: number;
  activation: Activation;
}

export function mlpWidth(config: TransformerStackConfig): number {
  return Math.round(config.width * config.mlpRatio);
}

export function validateStack(config: TransformerStackConfig, what: string): void {
  for (const key of ['width', 'depth', 'heads'] as const) {
    if (!Number.isInteger(config[key]) || config[key] < 1)
      throw new RangeError(`${what}: ${key} must be a positive integer`);
  }
  if (config.width % config.heads !== 0)
    throw new RangeError(`${what}: width ${config.width} is not divisible by heads ${config.heads}`);
  if (!(config.mlpRatio > 0)) throw new RangeError(`${what}: mlpRatio must be positive`);
}

/** LayerNorm gamma/beta under `${prefix}/gamma|beta`. */
export function layerNormSpecs(prefix: string, width: number): ParamSpec[] {
  return [
    { name: `${prefix}/gamma`, shape: [width], init: ONES },
    { name: `${prefix}/beta`, shape: [width], init: ZEROS },
  ];
}

/** Linear layer kernel [in, out] (+ zero bias [out]) under `${prefix}/kernel|bias`. */
export function denseSpecs(
  prefix: string,
  inDim: number,
  outDim: number,
  bias = true,
  init: ParamInit = TRUNC_NORMAL_002,
): ParamSpec[] {
  const specs: ParamSpec[] = [{ name: `${prefix}/kernel`, shape: [inDim, outDim], init }];
  if (bias) specs.push({ name: `${prefix}/bias`, shape: [outDim], init: ZEROS });
  return specs;
}

/**
 * How the block weights are drawn. 'vit': trunc-normal 0.02 everywhere (CoreNet / timm ViT).
 * 'clip-text': open_clip's TextTransformer.init_parameters — attention in-projection std
 * width^-0.5, MLP in std (2·width)^-0.5, both output projections width^-0.5·(2·depth)^-0.5. At
 * small widths these are much larger than 0.02, which lets token content reach the [EOT] state.
 */
export type BlockInit = 'vit' | 'clip-text';

function blockInits(config: TransformerStackConfig, init: BlockInit): Record<'qkv' | 'out' | 'fc1' | 'fc2', ParamInit> {
  if (init === 'vit')
    return { qkv: TRUNC_NORMAL_002, out: TRUNC_NORMAL_002, fc1: TRUNC_NORMAL_002, fc2: TRUNC_NORMAL_002 };
  const projStd = config.width ** -0.5 * (2 * config.depth) ** -0.5;
  return {
    qkv: { kind: 'normal', std: config.width ** -0.5 },
    out: { kind: 'normal', std: projStd },
    fc1: { kind: 'normal', std: (2 * config.width) ** -0.5 },
    fc2: { kind: 'normal', std: projStd },
  };
}

export function transformerStackSpecs(
  prefix: string,
  config: TransformerStackConfig,
  init: BlockInit = 'vit',
): ParamSpec[] {
  const { width, depth } = config;
  const hidden = mlpWidth(config);
  const inits = blockInits(config, init);
  const specs: ParamSpec[] = [];
  for (let i = 0; i < depth; i++) {
    const block = `${prefix}/blocks/${i}`;
    specs.push(
      ...layerNormSpecs(`${block}/ln1`, width),
      ...denseSpecs(`${block}/attn/qkv`, width, 3 * width, true, inits.qkv),
      ...denseSpecs(`${block}/attn/out`, width, width, true, inits.out),
      ...layerNormSpecs(`${block}/ln2`, width),
      ...denseSpecs(`${block}/mlp/fc1`, width, hidden, true, inits.fc1),
      ...denseSpecs(`${block}/mlp/fc2`, hidden, width, true, inits.fc2),
    );
  }
  return specs;
}

/** Runs the blocks over x [B, N, width]; `mask` is added to the attention scores (causal text). */
export function transformerStack(
  params: ParamStore,
  prefix: string,
  config: TransformerStackConfig,
  x: tf.Tensor3D,
  mask?: tf.Tensor2D,
): tf.Tensor3D {
  let h = x;
  for (let i = 0; i < config.depth; i++) {
    const p = (name: string) => params.get(`${prefix}/blocks/${i}/${name}`);
    const attnIn = layerNorm(h, p('ln1/gamma'), p('ln1/beta')) as tf.Tensor3D;
    const attended = selfAttention(
      attnIn,
      config.heads,
      p('attn/qkv/kernel'),
      p('attn/qkv/bias'),
      p('attn/out/kernel'),
      p('attn/out/bias'),
      mask,
    );
    h = tf.add(h, attended);
    const mlpIn = layerNorm(h, p('ln2/gamma'), p('ln2/beta'));
    const hidden = denseActivate(mlpIn, p('mlp/fc1/kernel'), p('mlp/fc1/bias'), config.activation);
    h = tf.add(h, dense(hidden, p('mlp/fc2/kernel'), p('mlp/fc2/bias')));
  }
  return h;
}
