/**
 * The engine's ViT weights renamed and re-laid-out as timm's `VisionTransformer` state dict, so that a PyTorch
 * user loads them with `load_state_dict(strict=True)` into a model built from config.json's `timm_kwargs`.
 *
 * Layout changes (everything else is copied as is):
 * - Linear kernels are stored [in, out] here and [out, in] in PyTorch: transposed.
 * - The patch embedding here is a matmul over each patch flattened as (row, column, channel), kernel
 *   [p·p·3, width]; timm's is a stride-p Conv2d, weight [width, 3, p, p]: weight[o][c][r][s] = kernel[(r·p+s)·3+c][o].
 * - cls_token [width] → [1, 1, width]; pos_embed [tokens, width] → [1, tokens, width].
 * - The fused qkv projection keeps its order: q, k, v column blocks, heads contiguous in each, as timm's
 *   Attention splits it (reshape to [B, N, 3, heads, head_dim]).
 * - CLIP's image projection (no bias) becomes `head` with a zero bias, so `head` outputs the unnormalised
 *   image embedding.
 */
import { IMAGE_PREFIX, tokenCount, type VitConfig } from '../../training/model/vit.js';
import { LAYER_NORM_EPSILON } from '../../training/model/ops.js';
import { mlpWidth } from '../../training/model/transformer.js';
import type { ExportableModel } from './exportable-model.js';
import type { NamedTensor } from './safetensors.js';

/** [rows, cols] row-major → [cols, rows] row-major. */
export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

/** The engine's patch kernel [p·p·3, width] as a Conv2d weight [width, 3, p, p]. */
export function patchKernelToConv(kernel: Float32Array, patchSize: number, width: number): Float32Array {
  const p = patchSize;
  const out = new Float32Array(kernel.length);
  for (let o = 0; o < width; o++) {
    for (let c = 0; c < 3; c++) {
      for (let r = 0; r < p; r++) {
        for (let s = 0; s < p; s++) out[((o * 3 + c) * p + r) * p + s] = kernel[((r * p + s) * 3 + c) * width + o];
      }
    }
  }
  return out;
}

/** timm state dict tensors in timm's own parameter order. */
export function timmStateDict(m: ExportableModel): NamedTensor[] {
  const { encoder: e, encoderWeights: w } = m;
  const D = e.width;
  const hidden = mlpWidth({ ...e, activation: e.activation ?? 'gelu' });
  const get = (name: string) => w[`${IMAGE_PREFIX}/${name}`];
  const linear = (timm: string, ours: string, inDim: number, outDim: number): NamedTensor[] => [
    { name: `${timm}.weight`, shape: [outDim, inDim], data: transpose2d(get(`${ours}/kernel`), inDim, outDim) },
    { name: `${timm}.bias`, shape: [outDim], data: get(`${ours}/bias`) },
  ];
  const norm = (timm: string, ours: string): NamedTensor[] => [
    { name: `${timm}.weight`, shape: [D], data: get(`${ours}/gamma`) },
    { name: `${timm}.bias`, shape: [D], data: get(`${ours}/beta`) },
  ];
  const out: NamedTensor[] = [];
  if (e.pool === 'cls') out.push({ name: 'cls_token', shape: [1, 1, D], data: get('cls_token') });
  out.push(
    { name: 'pos_embed', shape: [1, tokenCount(e), D], data: get('pos_embed') },
    {
      name: 'patch_embed.proj.weight',
      shape: [D, 3, e.patchSize, e.patchSize],
      data: patchKernelToConv(get('patch_embed/kernel'), e.patchSize, D),
    },
    { name: 'patch_embed.proj.bias', shape: [D], data: get('patch_embed/bias') },
  );
  for (let i = 0; i < e.depth; i++) {
    const b = `blocks/${i}`;
    out.push(
      ...norm(`blocks.${i}.norm1`, `${b}/ln1`),
      ...linear(`blocks.${i}.attn.qkv`, `${b}/attn/qkv`, D, 3 * D),
      ...linear(`blocks.${i}.attn.proj`, `${b}/attn/out`, D, D),
      ...norm(`blocks.${i}.norm2`, `${b}/ln2`),
      ...linear(`blocks.${i}.mlp.fc1`, `${b}/mlp/fc1`, D, hidden),
      ...linear(`blocks.${i}.mlp.fc2`, `${b}/mlp/fc2`, hidden, D),
    );
  }
  out.push(...norm('norm', 'ln_final'));
  const { outputs, kernel, bias } = m.head;
  out.push(
    { name: 'head.weight', shape: [outputs, D], data: transpose2d(kernel, D, outputs) },
    { name: 'head.bias', shape: [outputs], data: bias ?? new Float32Array(outputs) },
  );
  return out;
}

/**
 * config.json: the architecture in plain terms and as timm's VisionTransformer keyword arguments. Our LayerNorm
 * eps (1e-5, PyTorch's default) differs from timm's ViT default (1e-6), and mean pooling here normalises every
 * token before averaging (timm: `fc_norm=False`), so both are spelled out.
 */
export function timmConfig(m: ExportableModel): Record<string, unknown> {
  const e: VitConfig = m.encoder;
  const activation = e.activation ?? 'gelu';
  return {
    format: 'timm VisionTransformer state dict (safetensors, float32)',
    source: m.source,
    image_size: e.imageSize,
    patch_size: e.patchSize,
    in_chans: 3,
    width: e.width,
    depth: e.depth,
    heads: e.heads,
    mlp_ratio: e.mlpRatio,
    mlp_hidden: mlpWidth({ ...e, activation }),
    activation: activation === 'gelu' ? 'gelu (exact, erf; torch.nn.GELU())' : 'relu',
    pooling:
      e.pool === 'cls' ? 'cls token (after the final norm)' : 'mean of all tokens (after the final norm; no cls token)',
    layer_norm_eps: LAYER_NORM_EPSILON,
    qkv_bias: true,
    head: m.head.kind,
    num_outputs: m.head.outputs,
    preprocessing: {
      input:
        'RGB, channels first for PyTorch; pixel values scaled to [0, 1], whole image resized (bilinear) to image_size × image_size, then (x - mean) / std per channel',
      mean: m.normalization.mean,
      std: m.normalization.std,
    },
    output:
      m.head.kind === 'classifier'
        ? 'logits, one per class; CatLIP and SuperClass train them as independent sigmoids (multi-label)'
        : 'CLIP image embedding before L2 normalisation',
    class_names: m.classNames,
    timm_kwargs: {
      img_size: e.imageSize,
      patch_size: e.patchSize,
      in_chans: 3,
      num_classes: m.head.outputs,
      embed_dim: e.width,
      depth: e.depth,
      num_heads: e.heads,
      mlp_ratio: e.mlpRatio,
      qkv_bias: true,
      class_token: e.pool === 'cls',
      global_pool: e.pool === 'cls' ? 'token' : 'avg',
      fc_norm: false,
      act_layer: activation === 'gelu' ? 'torch.nn.GELU' : 'torch.nn.ReLU',
      norm_layer: `functools.partial(torch.nn.LayerNorm, eps=${LAYER_NORM_EPSILON})`,
    },
  };
}
