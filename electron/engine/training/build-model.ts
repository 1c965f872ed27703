import type { RunConfig } from '../../shared/training.js';
import { createModel } from './model/objectives.js';
import type { AnyPretrainingModel } from './model/objective-types.js';
import { textPreset, vitPreset } from './model/model-presets.js';
import { AdamW } from './model/optimizer.js';
import { runRecipe } from './recipe.js';
import { trainTokenizer, Tokenizer, type TokenizerJson } from './model/tokenizer.js';

/** LR at the first warm-up step, as CoreNet's CatLIP recipe (1e-6 → peak). */
export const WARMUP_START_LR = 1e-6;

/**
 * The model and optimizer of a run, from its resolved config. CatLIP, CLIP and SuperClass runs with the
 * same model preset, image size and seed get the identical image encoder and initial weights.
 */
export function buildModel(
  config: RunConfig,
  data: { numClasses?: number; captions: readonly string[]; tokenizer?: TokenizerJson },
): {
  model: AnyPretrainingModel;
  optimizer: AdamW;
  tokenizer?: Tokenizer;
} {
  const encoder = vitPreset(config.model, { imageSize: config.imageSize, patchSize: config.patchSize });
  let model: AnyPretrainingModel;
  let tokenizer: Tokenizer | undefined;
  if (config.objective === 'catlip') {
    if (!data.numClasses) throw new Error('CatLIP needs a vocabulary with at least one synset');
    model = createModel({ objective: 'catlip', encoder, numClasses: data.numClasses, seed: config.seed });
  } else {
    // the tokenizer is trained on the run's own captions and saved with its checkpoints
    tokenizer = data.tokenizer
      ? Tokenizer.fromJSON(data.tokenizer)
      : trainTokenizer(data.captions, config.tokenizerVocab);
    if (config.objective === 'clip') {
      const text = {
        ...textPreset(config.model, { contextLength: config.contextLength }),
        vocabSize: tokenizer.vocabSize,
      };
      model = createModel({ objective: 'clip', encoder, text, seed: config.seed });
    } else {
      model = createModel({ objective: 'superclass', encoder, numClasses: tokenizer.vocabSize, seed: config.seed });
    }
  }
  const recipe = runRecipe(config);
  const optimizer = new AdamW(model.variables, {
    schedule: {
      baseLr: config.lr,
      minLr: config.minLr,
      warmupSteps: config.warmupSteps,
      warmupStartLr: WARMUP_START_LR,
      totalSteps: config.steps,
    },
    // the run's recipe (recipe.ts): CatLIP's (0.9, 0.999), eps 1e-8; CLIP's (0.9, 0.98), eps 1e-6
    beta2: recipe.beta2,
    epsilon: recipe.epsilon,
    weightDecay: config.weightDecay,
    clipNorm: config.clipNorm,
    emaMomentum: config.emaMomentum ?? undefined,
  });
  return { model, optimizer, tokenizer };
}
