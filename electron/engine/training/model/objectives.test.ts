import * as tf from '../../tfjs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIT_SCALE_INIT, LOGIT_SCALE_MAX } from './clip-objective.js';
import { vitPreset } from './model-presets.js';
import type { AnyPretrainingModel } from './objective-types.js';
import { createModel, modelParamSpecs } from './objectives.js';
import { countParameters } from './params.js';
import { EOT_ID, SOT_ID } from './tokenizer.js';
import type { VitConfig } from './vit.js';

const encoder: VitConfig = { imageSize: 16, patchSize: 8, width: 16, depth: 1, heads: 2, mlpRatio: 2, pool: 'cls' };
const text = { vocabSize: 12, contextLength: 6, width: 16, depth: 1, heads: 2, mlpRatio: 2, embedDim: 8 };
const created: AnyPretrainingModel[] = [];
const track = <M extends AnyPretrainingModel>(m: M): M => (created.push(m), m);

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => created.forEach((m) => m.dispose()));

const values = (m: AnyPretrainingModel, name: string) => Array.from(m.variables.get(name).dataSync());

describe('createModel', () => {
  it('names every variable stably (the checkpoint contract)', () => {
    const m = track(createModel({ objective: 'catlip', encoder, numClasses: 5, seed: 1 }));
    const block = [
      'ln1/gamma',
      'ln1/beta',
      'attn/qkv/kernel',
      'attn/qkv/bias',
      'attn/out/kernel',
      'attn/out/bias',
      'ln2/gamma',
      'ln2/beta',
      'mlp/fc1/kernel',
      'mlp/fc1/bias',
      'mlp/fc2/kernel',
      'mlp/fc2/bias',
    ].map((n) => `image/blocks/0/${n}`);
    expect(m.variables.names()).toEqual([
      'image/patch_embed/kernel',
      'image/patch_embed/bias',
      'image/cls_token',
      'image/pos_embed',
      ...block,
      'image/ln_final/gamma',
      'image/ln_final/beta',
      'head/kernel',
      'head/bias',
    ]);
    expect(m.variables.get('image/pos_embed').shape).toEqual([5, 16]); // 4 patches + CLS
    expect(m.variables.get('head/kernel').shape).toEqual([16, 5]);
  });

  it('gives CatLIP, CLIP and SuperClass bit-identical image encoders for the same seed', () => {
    const catlip = track(createModel({ objective: 'catlip', encoder, numClasses: 5, seed: 42 }));
    const clip = track(createModel({ objective: 'clip', encoder, text, seed: 42 }));
    const superclass = track(createModel({ objective: 'superclass', encoder, numClasses: 12, seed: 42 }));
    const imageNames = catlip.variables.names().filter((n) => n.startsWith('image/'));
    expect(clip.variables.names().filter((n) => n.startsWith('image/'))).toEqual(imageNames);
    for (const name of imageNames) {
      expect(values(clip, name)).toEqual(values(catlip, name));
      expect(values(superclass, name)).toEqual(values(catlip, name));
    }
    const other = track(createModel({ objective: 'catlip', encoder, numClasses: 5, seed: 43 }));
    expect(values(other, 'image/patch_embed/kernel')).not.toEqual(values(catlip, 'image/patch_embed/kernel'));
  });

  it('initialises kernels trunc-normal(0.02), biases 0, LayerNorm gamma 1, logit_scale ln(1/0.07)', async () => {
    const m = track(createModel({ objective: 'clip', encoder: { ...encoder, width: 64, heads: 4 }, text, seed: 7 }));
    const kernel = values(m, 'image/blocks/0/mlp/fc1/kernel');
    const std = Math.sqrt(kernel.reduce((s, v) => s + v * v, 0) / kernel.length);
    expect(std).toBeGreaterThan(0.016); // trunc at 2 std lowers the std to 0.88 * 0.02
    expect(std).toBeLessThan(0.02);
    expect(Math.max(...kernel.map(Math.abs))).toBeLessThanOrEqual(0.04 + 1e-7);
    expect(new Set(values(m, 'image/blocks/0/mlp/fc1/bias'))).toEqual(new Set([0]));
    expect(new Set(values(m, 'image/ln_final/gamma'))).toEqual(new Set([1]));
    expect(values(m, 'logit_scale')[0]).toBeCloseTo(LOGIT_SCALE_INIT, 5);
    expect(await m.temperatureScale()).toBeCloseTo(1 / 0.07, 3);
  });

  it('allocates what modelParamSpecs declares (probe preset, 1000 classes)', () => {
    const options = { objective: 'catlip' as const, encoder: vitPreset('probe'), numClasses: 1000 };
    const m = track(createModel({ ...options, seed: 0 }));
    expect(m.variables.count()).toBe(countParameters(modelParamSpecs(options)));
    m.dispose();
  });

  it('rejects a seed that is not a uint32', () => {
    expect(() => createModel({ objective: 'catlip', encoder, numClasses: 2, seed: -1 })).toThrow(/uint32/);
  });
});

describe('forward passes', () => {
  const images = () => tf.randomNormal([3, 16, 16, 3], 0, 1, 'float32', 3) as tf.Tensor4D;

  it('pools [B, width] features with CLS or mean pooling; CatLIP logits are [B, V]', () => {
    for (const pool of ['cls', 'mean'] as const) {
      const m = track(createModel({ objective: 'catlip', encoder: { ...encoder, pool }, numClasses: 5, seed: 1 }));
      tf.tidy(() => {
        expect(m.encodeImages(images()).shape).toEqual([3, 16]);
        expect(m.logits(images()).shape).toEqual([3, 5]);
      });
    }
  });

  it('CLIP embeddings are unit vectors and text pools at the last real token, independent of padding', () => {
    const m = track(createModel({ objective: 'clip', encoder, text, seed: 1 }));
    const short = Int32Array.from([SOT_ID, 5, 7, EOT_ID, 0]);
    const long = Int32Array.from([SOT_ID, 5, 7, EOT_ID, 0, 0]);
    const other = Int32Array.from([SOT_ID, 5, 8, EOT_ID, 0, 0]);
    tf.tidy(() => {
      const a = Array.from(m.textEmbeddings([short]).dataSync());
      const b = Array.from(m.textEmbeddings([long]).dataSync());
      const c = Array.from(m.textEmbeddings([other]).dataSync());
      expect(a.reduce((s, v) => s + v * v, 0)).toBeCloseTo(1, 5);
      a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 5));
      expect(Math.max(...a.map((v, i) => Math.abs(v - c[i])))).toBeGreaterThan(1e-3);
      const img = Array.from(m.imageEmbeddings(images()).dataSync());
      expect(img.slice(0, 8).reduce((s, v) => s + v * v, 0)).toBeCloseTo(1, 5);
    });
  });

  it('CLIP constrain() clamps logit_scale into [0, ln 100]', () => {
    const m = track(createModel({ objective: 'clip', encoder, text, seed: 1 }));
    const scale = m.variables.get('logit_scale');
    scale.assign(tf.scalar(7));
    m.constrain();
    expect(scale.dataSync()[0]).toBeCloseTo(LOGIT_SCALE_MAX, 5);
    scale.assign(tf.scalar(-1));
    m.constrain();
    expect(scale.dataSync()[0]).toBe(0);
  });

  it('each loss is a finite scalar near its value at chance', () => {
    const catlip = track(createModel({ objective: 'catlip', encoder, numClasses: 5, seed: 1 }));
    const clip = track(createModel({ objective: 'clip', encoder, text, seed: 1 }));
    const tokens = [5, 6, 7].map((id) => Int32Array.from([SOT_ID, id, EOT_ID, 0, 0, 0]));
    tf.tidy(() => {
      // Near-zero logits: BCE ~ V ln 2, InfoNCE ~ ln B.
      expect(catlip.loss({ images: images(), labels: [[0], [1, 2], []] }).dataSync()[0]).toBeCloseTo(5 * Math.LN2, 0);
      expect(clip.loss({ images: images(), tokens }).dataSync()[0]).toBeCloseTo(Math.log(3), 0);
    });
  });
});

describe('SuperClass targets', () => {
  it('weights each distinct caption token by its running IDF, L1-normalised, specials excluded', () => {
    const m = track(createModel({ objective: 'superclass', encoder, numClasses: 12, seed: 1 }));
    const captions = [
      Int32Array.from([SOT_ID, 5, 6, 5, EOT_ID, 0]),
      Int32Array.from([SOT_ID, 5, 7, EOT_ID, 0, 0]),
      Int32Array.from([SOT_ID, 5, EOT_ID, 0, 0, 0]),
    ];
    m.observe({ images: tf.zeros([3, 16, 16, 3]) as tf.Tensor4D, tokens: captions });
    const targets = tf.tidy(() => m.targets(captions).arraySync());
    const w = (df: number) => Math.log((3 + 1) / (df + 1));
    // Caption 0: tokens 5 (df 3) and 6 (df 1): 5 is in every caption, so weight 0.
    expect(targets[0][5]).toBeCloseTo(w(3) / (w(3) + w(1)), 6);
    expect(targets[0][6]).toBeCloseTo(w(1) / (w(3) + w(1)), 6);
    expect(targets[1][7]).toBeCloseTo(1, 6);
    expect(targets[2]).toEqual(new Array(12).fill(0)); // only an every-caption token: no target mass
    for (const row of targets) expect(row[SOT_ID] + row[EOT_ID] + row[0]).toBe(0);
  });
});
