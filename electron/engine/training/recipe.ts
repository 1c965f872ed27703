import type { Objective, Recipe, RunConfig } from '../../shared/training.js';
import { IMAGENET_CROP, SMALL_IMAGE_CROP, type CropRange } from './model/augment.js';

/**
 * Each objective's published training recipe, scaled to the pilot. The settings that differ between
 * CoreNet's CatLIP pre-training recipe (projects/catlip/pretraining/vit_base.yaml) and its CLIP recipe
 * (projects/clip/clip_vit_base.yaml) are kept per run, so that the CLIP baseline is not handicapped by a
 * recipe made for classification:
 *
 * | setting                   | CatLIP                          | CLIP                    |
 * |---------------------------|---------------------------------|-------------------------|
 * | random-resized-crop scale | torchvision's [0.08, 1]         | [0.9, 1.0]              |
 * | horizontal flip           | yes                             | none in the recipe      |
 * | AdamW betas, eps          | (0.9, 0.999), 1e-8 (default)    | (0.9, 0.98), 1e-6       |
 * | cosine LR floor           | 1e-5 at peak 1e-3: peak / 100   | 1e-6: peak / 1,000      |
 *
 * Scaled to the pilot: the LR floor is kept as a share of the run's peak LR, and CatLIP's crop range is
 * narrowed to [0.35, 1] on images of 64 px or less (augment.ts: SMALL_IMAGE_CROP), where a 0.08 crop keeps
 * almost nothing. CLIP's [0.9, 1] needs no scaling. SuperClass (a classification objective) uses CatLIP's.
 * 'matched' trains every objective on CatLIP's recipe: an ablation that shows what the recipe accounts for.
 */

export type RecipeMode = Recipe['mode'];

const CATLIP_SOURCE = 'CoreNet projects/catlip/pretraining/vit_base.yaml';
const CLIP_SOURCE = 'CoreNet projects/clip/clip_vit_base.yaml';

export function recipeFor(objective: Objective, mode: RecipeMode, imageSize: number): Recipe {
  if (objective === 'clip' && mode === 'objective') {
    return {
      mode,
      name: 'clip',
      source: CLIP_SOURCE,
      cropScale: [0.9, 1],
      flipProbability: 0,
      beta2: 0.98,
      epsilon: 1e-6,
      minLrRatio: 1e-3,
    };
  }
  const crop = imageSize <= 64 ? SMALL_IMAGE_CROP : IMAGENET_CROP;
  return {
    mode,
    name: 'catlip',
    source: CATLIP_SOURCE,
    cropScale: [...crop.scale],
    flipProbability: 0.5,
    beta2: 0.999,
    epsilon: 1e-8,
    minLrRatio: 1e-2,
  };
}

/** The recipe a run trains with: its stored one, or for runs stored before recipes, what they used then. */
export function runRecipe(config: RunConfig): Recipe {
  if (config.recipe) return config.recipe;
  // before recipes were stored, every objective had CatLIP's augmentation and eps, and CLIP already beta2 0.98
  const legacy = recipeFor('catlip', 'matched', config.imageSize);
  return { ...legacy, beta2: config.objective === 'clip' ? 0.98 : legacy.beta2, minLrRatio: config.minLr / config.lr };
}

/** The training augmentation a run applies: its recipe's crop range (torchvision's aspect ratios) and flip. */
export function trainingAugmentation(config: RunConfig): { crop: CropRange; flipProbability: number } {
  const recipe = runRecipe(config);
  return { crop: { scale: recipe.cropScale, ratio: IMAGENET_CROP.ratio }, flipProbability: recipe.flipProbability };
}
