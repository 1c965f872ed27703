/**
 * The encoder and head as a TensorFlow.js graph model (`model.json` + weight shards), the format
 * `tf.loadGraphModel` reads: a TensorFlow GraphDef in JSON whose every constant is a weight in the manifest.
 * Built from ops tfjs-converter supports (Placeholder, Const, Conv2D, BiasAdd, Reshape, Transpose, Split,
 * MatMul, BatchMatMulV2, Softmax, Mean, Rsqrt, Erf, …), so a JavaScript user needs no custom code.
 *
 * Input `images`: float32 [batch, S, S, 3], channels last, already normalised ((x − mean) / std, as in
 * config.json). Outputs: `logits` [batch, outputs] (the graph's one output) and `features` [batch, width], the
 * pooled encoder features, reachable with `model.execute(x, 'features')`.
 *
 * The patch embedding is a stride-p Conv2D whose HWIO filter [p, p, 3, width] is exactly the engine's kernel
 * [p·p·3, width] (patches flatten as row, column, channel), so the bytes are copied unchanged. The CLS token
 * is tiled to the batch with Shape → Slice → ConcatV2 → Tile, which keeps the batch size free.
 */
import { Buffer } from 'node:buffer';
import { LAYER_NORM_EPSILON } from '../../training/model/ops.js';
import { mlpWidth } from '../../training/model/transformer.js';
import { IMAGE_PREFIX, patchGrid, tokenCount } from '../../training/model/vit.js';
import type { ExportableModel } from './exportable-model.js';

/** tfjs-converter's default shard size. */
export const SHARD_BYTES = 4 * 1024 * 1024;

type Attr = Record<string, unknown>;
interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Attr;
}
interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

const FLOAT: Attr = { T: { type: 'DT_FLOAT' } };
const str = (s: string) => ({ s: Buffer.from(s, 'utf8').toString('base64') });
const ints = (xs: number[]) => ({ list: { i: xs.map(String) } });
const bool = (b: boolean) => ({ b });
const shapeAttr = (dims: number[]) => ({ dim: dims.map((d) => ({ size: String(d) })) });

/** Builds the graph and its weights (consts) in order; names are unique by construction. */
class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly weights: WeightEntry[] = [];

  op(name: string, op: string, input: string[], attr: Attr = FLOAT): string {
    this.nodes.push({ name, op, input, attr });
    return name;
  }

  constFloat(name: string, shape: number[], data: Float32Array): string {
    return this.constant(name, shape, 'float32', data);
  }

  constInt(name: string, values: number[]): string {
    return this.constant(name, [values.length], 'int32', Int32Array.from(values));
  }

  /** A scalar int32 (an axis: TensorFlow's Split and ConcatV2 take a scalar). */
  constScalarInt(name: string, value: number): string {
    return this.constant(name, [], 'int32', Int32Array.of(value));
  }

  private constant(name: string, shape: number[], dtype: 'float32' | 'int32', data: Float32Array | Int32Array): string {
    const type = dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32';
    this.nodes.push({
      name,
      op: 'Const',
      attr: { dtype: { type }, value: { tensor: { dtype: type, tensorShape: shapeAttr(shape) } } },
    });
    this.weights.push({ name, shape, dtype, data });
    return name;
  }
}

export interface TfjsGraphModel {
  /** model.json's content; `weightsManifest` names the shard files. */
  modelJson: Record<string, unknown>;
  /** Shard file name → bytes. */
  shards: { name: string; bytes: Buffer }[];
  /** Constants in the manifest (weights, and the shapes and axes the ops take). */
  tensors: number;
}

export function tfjsGraphModel(
  m: ExportableModel,
  metadata: Record<string, unknown>,
  shardBytes = SHARD_BYTES,
): TfjsGraphModel {
  const e = m.encoder;
  const D = e.width;
  const p = e.patchSize;
  const T = tokenCount(e);
  const H = e.heads;
  const hd = D / H;
  const hidden = mlpWidth({ ...e, activation: e.activation ?? 'gelu' });
  const w = (name: string) => m.encoderWeights[`${IMAGE_PREFIX}/${name}`];
  const g = new GraphBuilder();

  const images = g.op('images', 'Placeholder', [], {
    dtype: { type: 'DT_FLOAT' },
    shape: { shape: shapeAttr([-1, e.imageSize, e.imageSize, 3]) },
  });
  const filter = g.constFloat('patch_embed/filter', [p, p, 3, D], w('patch_embed/kernel'));
  const conv = g.op('patch_embed/conv', 'Conv2D', [images, filter], {
    ...FLOAT,
    strides: ints([1, p, p, 1]),
    padding: str('VALID'),
    data_format: str('NHWC'),
    dilations: ints([1, 1, 1, 1]),
  });
  const convBias = g.op('patch_embed/bias_add', 'BiasAdd', [
    conv,
    g.constFloat('patch_embed/bias', [D], w('patch_embed/bias')),
  ]);
  let x = g.op('patch_embed/tokens', 'Reshape', [
    convBias,
    g.constInt('patch_embed/tokens_shape', [-1, patchGrid(e) ** 2, D]),
  ]);
  if (e.pool === 'cls') {
    const shape = g.op('cls/input_shape', 'Shape', [images], { ...FLOAT, out_type: { type: 'DT_INT32' } });
    const batch = g.op(
      'cls/batch',
      'Slice',
      [shape, g.constInt('cls/batch_begin', [0]), g.constInt('cls/batch_size', [1])],
      { T: { type: 'DT_INT32' }, Index: { type: 'DT_INT32' } },
    );
    const reps = g.op(
      'cls/reps',
      'ConcatV2',
      [batch, g.constInt('cls/reps_tail', [1, 1]), g.constScalarInt('cls/reps_axis', 0)],
      { T: { type: 'DT_INT32' }, N: { i: '2' } },
    );
    const cls = g.op('cls/tiled', 'Tile', [g.constFloat('cls_token', [1, 1, D], w('cls_token')), reps]);
    x = g.op('cls/concat', 'ConcatV2', [cls, x, g.constScalarInt('cls/concat_axis', 1)], { ...FLOAT, N: { i: '2' } });
  }
  x = g.op('pos_embed/add', 'AddV2', [x, g.constFloat('pos_embed', [1, T, D], w('pos_embed'))]);

  const lastAxis = g.constInt('axes/last', [-1]);
  const eps = g.constFloat('layer_norm/epsilon', [], Float32Array.of(LAYER_NORM_EPSILON));
  const layerNorm = (scope: string, input: string, ours: string): string => {
    const mean = g.op(`${scope}/mean`, 'Mean', [input, lastAxis], { ...FLOAT, keep_dims: bool(true) });
    const centred = g.op(`${scope}/centred`, 'Sub', [input, mean]);
    const variance = g.op(`${scope}/variance`, 'Mean', [g.op(`${scope}/square`, 'Square', [centred]), lastAxis], {
      ...FLOAT,
      keep_dims: bool(true),
    });
    const inv = g.op(`${scope}/rsqrt`, 'Rsqrt', [g.op(`${scope}/variance_eps`, 'AddV2', [variance, eps])]);
    const normed = g.op(`${scope}/normed`, 'Mul', [centred, inv]);
    const scaled = g.op(`${scope}/scaled`, 'Mul', [normed, g.constFloat(`${scope}/gamma`, [D], w(`${ours}/gamma`))]);
    return g.op(`${scope}/out`, 'AddV2', [scaled, g.constFloat(`${scope}/beta`, [D], w(`${ours}/beta`))]);
  };
  /** x [B, tokens, in] · kernel [in, out] + bias, through a 2-D MatMul (the batch size stays free). */
  const dense = (
    scope: string,
    input: string,
    tokens: number,
    inDim: number,
    outDim: number,
    kernel: Float32Array,
    bias: Float32Array | null,
  ): string => {
    const flat =
      tokens > 0 ? g.op(`${scope}/flat`, 'Reshape', [input, g.constInt(`${scope}/flat_shape`, [-1, inDim])]) : input;
    let y = g.op(`${scope}/matmul`, 'MatMul', [flat, g.constFloat(`${scope}/kernel`, [inDim, outDim], kernel)], {
      ...FLOAT,
      transpose_a: bool(false),
      transpose_b: bool(false),
    });
    if (bias) y = g.op(`${scope}/bias_add`, 'BiasAdd', [y, g.constFloat(`${scope}/bias`, [outDim], bias)]);
    return tokens > 0
      ? g.op(`${scope}/out`, 'Reshape', [y, g.constInt(`${scope}/out_shape`, [-1, tokens, outDim])])
      : y;
  };
  const headsPerm = g.constInt('attention/heads_perm', [0, 2, 1, 3]);
  const scale = g.constFloat('attention/scale', [], Float32Array.of(1 / Math.sqrt(hd)));
  const gelu = (e.activation ?? 'gelu') === 'gelu';
  // only when used: tfjs-converter takes every node without consumers, an unused constant too, for an output
  const [half, one, rsqrt2] = gelu
    ? [
        g.constFloat('gelu/half', [], Float32Array.of(0.5)),
        g.constFloat('gelu/one', [], Float32Array.of(1)),
        g.constFloat('gelu/sqrt1_2', [], Float32Array.of(Math.SQRT1_2)),
      ]
    : [];

  for (let i = 0; i < e.depth; i++) {
    const s = `blocks/${i}`;
    const kw = (name: string) => w(`${s}/${name}`);
    const ln1 = layerNorm(`${s}/norm1`, x, `${s}/ln1`);
    const qkv = dense(`${s}/attn/qkv`, ln1, T, D, 3 * D, kw('attn/qkv/kernel'), kw('attn/qkv/bias'));
    g.op(`${s}/attn/split`, 'Split', [g.constScalarInt(`${s}/attn/split_axis`, 2), qkv], {
      ...FLOAT,
      num_split: { i: '3' },
    });
    const [q, k, v] = ['q', 'k', 'v'].map((part, j) => {
      const src = j === 0 ? `${s}/attn/split` : `${s}/attn/split:${j}`;
      const split = g.op(`${s}/attn/${part}_heads`, 'Reshape', [
        src,
        g.constInt(`${s}/attn/${part}_shape`, [-1, T, H, hd]),
      ]);
      return g.op(`${s}/attn/${part}`, 'Transpose', [split, headsPerm], { ...FLOAT, Tperm: { type: 'DT_INT32' } });
    });
    const scores = g.op(`${s}/attn/scores`, 'BatchMatMulV2', [q, k], {
      ...FLOAT,
      adj_x: bool(false),
      adj_y: bool(true),
    });
    const probs = g.op(`${s}/attn/softmax`, 'Softmax', [g.op(`${s}/attn/scaled`, 'Mul', [scores, scale])]);
    const attended = g.op(`${s}/attn/attended`, 'BatchMatMulV2', [probs, v], {
      ...FLOAT,
      adj_x: bool(false),
      adj_y: bool(false),
    });
    const merged = g.op(`${s}/attn/merged`, 'Reshape', [
      g.op(`${s}/attn/merged_heads`, 'Transpose', [attended, headsPerm], { ...FLOAT, Tperm: { type: 'DT_INT32' } }),
      g.constInt(`${s}/attn/merged_shape`, [-1, T, D]),
    ]);
    const proj = dense(`${s}/attn/proj`, merged, T, D, D, kw('attn/out/kernel'), kw('attn/out/bias'));
    x = g.op(`${s}/residual1`, 'AddV2', [x, proj]);
    const ln2 = layerNorm(`${s}/norm2`, x, `${s}/ln2`);
    const fc1 = dense(`${s}/mlp/fc1`, ln2, T, D, hidden, kw('mlp/fc1/kernel'), kw('mlp/fc1/bias'));
    let act: string;
    if (!gelu) {
      act = g.op(`${s}/mlp/relu`, 'Relu', [fc1]);
    } else {
      // exact GELU, as the engine and torch.nn.GELU(): x · 0.5 · (1 + erf(x / √2))
      const erf = g.op(`${s}/mlp/erf`, 'Erf', [g.op(`${s}/mlp/scaled`, 'Mul', [fc1, rsqrt2!])]);
      act = g.op(`${s}/mlp/gelu`, 'Mul', [
        g.op(`${s}/mlp/half_x`, 'Mul', [fc1, half!]),
        g.op(`${s}/mlp/erf_plus_one`, 'AddV2', [erf, one!]),
      ]);
    }
    const fc2 = dense(`${s}/mlp/fc2`, act, T, hidden, D, kw('mlp/fc2/kernel'), kw('mlp/fc2/bias'));
    x = g.op(`${s}/residual2`, 'AddV2', [x, fc2]);
  }

  const normed = layerNorm('norm', x, 'ln_final');
  const pooled =
    e.pool === 'cls'
      ? g.op('pool/cls', 'Reshape', [
          g.op(
            'pool/cls_slice',
            'Slice',
            [normed, g.constInt('pool/begin', [0, 0, 0]), g.constInt('pool/size', [-1, 1, -1])],
            { ...FLOAT, Index: { type: 'DT_INT32' } },
          ),
          g.constInt('pool/shape', [-1, D]),
        ])
      : g.op('pool/mean', 'Mean', [normed, g.constInt('pool/axis', [1])], { ...FLOAT, keep_dims: bool(false) });
  const features = g.op('features', 'Identity', [pooled]);
  g.op('logits', 'Identity', [dense('head', features, 0, D, m.head.outputs, m.head.kernel, m.head.bias)]);

  return packModel(g, metadata, shardBytes);
}

/** model.json plus the weights concatenated in manifest order and cut into shards, as tfjs-converter writes them. */
function packModel(g: GraphBuilder, metadata: Record<string, unknown>, shardBytes: number): TfjsGraphModel {
  const data = Buffer.concat(
    g.weights.map((wt) => Buffer.from(wt.data.buffer, wt.data.byteOffset, wt.data.byteLength)),
  );
  // tfjs writes and reads weights in the platform's byte order; every platform it runs on is little-endian.
  const count = Math.max(1, Math.ceil(data.length / shardBytes));
  const shards = Array.from({ length: count }, (_, i) => ({
    name: `group1-shard${i + 1}of${count}.bin`,
    bytes: data.subarray(i * shardBytes, Math.min(data.length, (i + 1) * shardBytes)),
  }));
  const modelJson = {
    format: 'graph-model',
    generatedBy: 'CatLIP Pilot',
    convertedBy: 'CatLIP Pilot weight export',
    modelTopology: { node: g.nodes, library: {}, versions: { producer: 1 } },
    weightsManifest: [
      {
        paths: shards.map((s) => s.name),
        weights: g.weights.map(({ name, shape, dtype }) => ({ name, shape, dtype })),
      },
    ],
    userDefinedMetadata: metadata,
  };
  return { modelJson, shards, tensors: g.weights.length };
}
