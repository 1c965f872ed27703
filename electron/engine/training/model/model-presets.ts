/**
 * Named encoder sizes. `vit-tiny` is for CPU tests, `probe` is the model of the reference GPU step-time
 * measurements, `vit-s16` and `vit-b16` are the standard ViT-S/16 and ViT-B/16 (the
 * paper's main model). Image and patch size can be overridden, e.g. a B/16 at 128 px for a pilot.
 */
import type { TextEncoderShape } from './text-encoder.js';
import type { VitConfig } from './vit.js';

export type VitPresetName = 'vit-tiny' | 'probe' | 'vit-s16' | 'vit-b16';

export interface VitPreset {
  encoder: VitConfig;
  /** The CLIP baseline's text tower for this size (vocabulary size comes from the tokenizer). */
  text: TextEncoderShape;
  description: string;
}

export const VIT_PRESETS: Readonly<Record<VitPresetName, VitPreset>> = {
  'vit-tiny': {
    encoder: {
      imageSize: 32,
      patchSize: 8,
      width: 64,
      depth: 2,
      heads: 2,
      mlpRatio: 4,
      pool: 'cls',
      activation: 'gelu',
    },
    text: { contextLength: 16, width: 64, depth: 2, heads: 2, mlpRatio: 4, activation: 'gelu', embedDim: 64 },
    description: 'Tiny ViT (32 px, patch 8, width 64, 2 blocks) for CPU tests and smoke runs.',
  },
  // As in the reference GPU timings: 4x ReLU MLP and mean pooling without a CLS token (not CoreNet's
  // GELU + CLS), kept so that step times here compare with them; text tower of the same width/depth.
  probe: {
    encoder: {
      imageSize: 64,
      patchSize: 8,
      width: 384,
      depth: 6,
      heads: 4,
      mlpRatio: 4,
      pool: 'mean',
      activation: 'relu',
    },
    text: { contextLength: 32, width: 384, depth: 6, heads: 4, mlpRatio: 4, activation: 'relu', embedDim: 384 },
    description: 'The GPU timing probe (64 px, patch 8, width 384, 6 blocks, 4 heads, ReLU MLP, mean pool).',
  },
  // Text towers as open_clip's ViT-S-16 / ViT-B-16 configs (context 77; B/16 text width 512, 8 heads).
  'vit-s16': {
    encoder: {
      imageSize: 224,
      patchSize: 16,
      width: 384,
      depth: 12,
      heads: 6,
      mlpRatio: 4,
      pool: 'cls',
      activation: 'gelu',
    },
    text: { contextLength: 77, width: 384, depth: 12, heads: 6, mlpRatio: 4, activation: 'gelu', embedDim: 384 },
    description: 'ViT-S/16 (224 px, width 384, 12 blocks, 6 heads).',
  },
  'vit-b16': {
    encoder: {
      imageSize: 224,
      patchSize: 16,
      width: 768,
      depth: 12,
      heads: 12,
      mlpRatio: 4,
      pool: 'cls',
      activation: 'gelu',
    },
    text: { contextLength: 77, width: 512, depth: 12, heads: 8, mlpRatio: 4, activation: 'gelu', embedDim: 512 },
    description: "ViT-B/16 (224 px, width 768, 12 blocks, 12 heads), the CatLIP paper's main model.",
  },
};

export function isVitPresetName(name: string): name is VitPresetName {
  return Object.prototype.hasOwnProperty.call(VIT_PRESETS, name);
}

/** The preset's encoder config with optional image/patch size overrides. */
export function vitPreset(name: VitPresetName, overrides: { imageSize?: number; patchSize?: number } = {}): VitConfig {
  const preset = VIT_PRESETS[name];
  if (!preset) throw new RangeError(`unknown ViT preset ${name}`);
  return { ...preset.encoder, ...definedOnly(overrides) };
}

/** The preset's CLIP text tower shape. */
export function textPreset(name: VitPresetName, overrides: { contextLength?: number } = {}): TextEncoderShape {
  const preset = VIT_PRESETS[name];
  if (!preset) throw new RangeError(`unknown ViT preset ${name}`);
  return { ...preset.text, ...definedOnly(overrides) };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
