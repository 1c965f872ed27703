import { describe, expect, it } from 'vitest';
import { textPreset, VIT_PRESETS, vitPreset, type VitPresetName } from './model-presets.js';
import { modelParamSpecs } from './objectives.js';
import { countParameters } from './params.js';
import { textParamSpecs } from './text-encoder.js';
import { vitParamSpecs, type VitConfig } from './vit.js';

/** ViT parameters by formula: patch embedding, CLS, positions, blocks, final LayerNorm. */
function expectedVitCount(c: VitConfig): number {
  const w = c.width;
  const hidden = w * c.mlpRatio;
  const cls = c.pool === 'cls' ? 1 : 0;
  const tokens = (c.imageSize / c.patchSize) ** 2 + cls;
  const block = 2 * w + (w * 3 * w + 3 * w) + (w * w + w) + 2 * w + (w * hidden + hidden) + (hidden * w + w);
  return c.patchSize * c.patchSize * 3 * w + w + cls * w + tokens * w + c.depth * block + 2 * w;
}

describe('ViT presets', () => {
  for (const name of Object.keys(VIT_PRESETS) as VitPresetName[]) {
    it(`${name} has the parameter count its formula gives`, () => {
      expect(countParameters(vitParamSpecs(vitPreset(name)))).toBe(expectedVitCount(vitPreset(name)));
    });
  }

  it('ViT-S/16 and ViT-B/16 match timm (vit_small/base_patch16_224 minus their 1000-class head)', () => {
    expect(countParameters(vitParamSpecs(vitPreset('vit-s16')))).toBe(22_050_664 - (384 * 1000 + 1000));
    expect(countParameters(vitParamSpecs(vitPreset('vit-b16')))).toBe(86_567_656 - (768 * 1000 + 1000));
  });

  it("CatLIP B/16 with the released 24,320-synset vocabulary is the paper's ~105M parameters", () => {
    const n = countParameters(
      modelParamSpecs({ objective: 'catlip', encoder: vitPreset('vit-b16'), numClasses: 24_320 }),
    );
    expect(n).toBe(85_798_656 + 768 * 24_320 + 24_320);
    expect(Math.round(n / 1e6)).toBe(105);
  });

  it('the probe is the reference GPU timing model: 64 px, patch 8, width 384, 6 blocks, 4 heads, ReLU MLP, mean pool', () => {
    expect(vitPreset('probe')).toMatchObject({
      imageSize: 64,
      patchSize: 8,
      width: 384,
      depth: 6,
      heads: 4,
      mlpRatio: 4,
      pool: 'mean',
      activation: 'relu',
    });
    // No CLS token with mean pooling: 64 position embeddings.
    expect(vitParamSpecs(vitPreset('probe')).find((s) => s.name === 'image/pos_embed')?.shape).toEqual([64, 384]);
  });

  it('image and patch size can be overridden, and a size that does not tile is refused', () => {
    const b16at128 = vitPreset('vit-b16', { imageSize: 128 });
    expect(b16at128).toMatchObject({ imageSize: 128, patchSize: 16, width: 768 });
    expect(countParameters(vitParamSpecs(b16at128))).toBe(expectedVitCount(b16at128));
    expect(() => vitParamSpecs(vitPreset('vit-tiny', { patchSize: 7 }))).toThrow(/multiple/);
  });

  it('CLIP adds projections, the text tower and logit_scale on top of the same encoder', () => {
    const encoder = vitPreset('vit-tiny');
    const text = { ...textPreset('vit-tiny'), vocabSize: 500 };
    const { width: tw, depth, contextLength, embedDim } = text;
    const hidden = tw * text.mlpRatio;
    const block = 4 * tw + (tw * 3 * tw + 3 * tw) + (tw * tw + tw) + (tw * hidden + hidden) + (hidden * tw + tw);
    const textCount = 500 * tw + contextLength * tw + depth * block + 2 * tw + tw * embedDim;
    expect(countParameters(textParamSpecs(text))).toBe(textCount);
    const clip = countParameters(modelParamSpecs({ objective: 'clip', encoder, text }));
    expect(clip).toBe(expectedVitCount(encoder) + encoder.width * embedDim + textCount + 1);
  });
});
