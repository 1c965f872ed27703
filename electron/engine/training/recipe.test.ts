import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../shared/training.js';
import { sampleCrop } from './model/augment.js';
import { Rng } from './model/rng.js';
import { recipeFor, runRecipe, trainingAugmentation } from './recipe.js';
import { TINY_CONFIG } from './session/tiny-session.fixture.js';

/** Crop areas (fraction of the image) the run's augmentation actually draws, over `n` crops of a 96 px record. */
function drawnScales(config: RunConfig, n = 400): number[] {
  const { crop } = trainingAugmentation(config);
  const rng = new Rng(7);
  return Array.from({ length: n }, () => {
    const box = sampleCrop(96, rng, crop);
    return (box.width * box.height) / (96 * 96);
  });
}

describe('training recipes', () => {
  it("gives CLIP CoreNet's CLIP recipe and CatLIP CoreNet's CatLIP recipe by default", () => {
    expect(recipeFor('clip', 'objective', 224)).toEqual({
      mode: 'objective',
      name: 'clip',
      source: 'CoreNet projects/clip/clip_vit_base.yaml',
      cropScale: [0.9, 1],
      flipProbability: 0,
      beta2: 0.98,
      epsilon: 1e-6,
      minLrRatio: 1e-3,
    });
    expect(recipeFor('catlip', 'objective', 224)).toMatchObject({
      name: 'catlip',
      cropScale: [0.08, 1],
      flipProbability: 0.5,
      beta2: 0.999,
      epsilon: 1e-8,
      minLrRatio: 1e-2,
    });
    // scaled to a small pilot image: a 0.08 crop of 32 px keeps ~9×9 pixels
    expect(recipeFor('catlip', 'objective', 32).cropScale).toEqual([0.35, 1]);
    expect(recipeFor('superclass', 'objective', 224).name).toBe('catlip');
  });

  it("trains CLIP on CatLIP's recipe only with 'matched'", () => {
    expect(recipeFor('clip', 'matched', 224)).toEqual({ ...recipeFor('catlip', 'objective', 224), mode: 'matched' });
  });

  it('applies the stored recipe: CLIP crops keep at least ~90% of the image, CatLIP crops go far below', () => {
    const clip: RunConfig = {
      ...TINY_CONFIG,
      objective: 'clip',
      imageSize: 224,
      recipe: recipeFor('clip', 'objective', 224),
    };
    const catlip: RunConfig = {
      ...TINY_CONFIG,
      objective: 'catlip',
      imageSize: 224,
      recipe: recipeFor('catlip', 'objective', 224),
    };
    const clipScales = drawnScales(clip);
    // rounding the crop to whole pixels moves its area by up to ~2% of a 96 px side
    expect(Math.min(...clipScales)).toBeGreaterThan(0.87);
    expect(trainingAugmentation(clip).flipProbability).toBe(0);
    const catlipScales = drawnScales(catlip);
    expect(Math.min(...catlipScales)).toBeLessThan(0.2);
    expect(trainingAugmentation(catlip).flipProbability).toBe(0.5);
  });

  it('reads runs stored before recipes as what they trained with then', () => {
    const legacy = runRecipe({ ...TINY_CONFIG, objective: 'clip', imageSize: 32, recipe: null, lr: 1e-3, minLr: 1e-5 });
    expect(legacy).toMatchObject({ name: 'catlip', cropScale: [0.35, 1], beta2: 0.98, epsilon: 1e-8 });
    expect(legacy.minLrRatio).toBeCloseTo(0.01, 12);
  });
});
