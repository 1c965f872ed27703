/**
 * Model factory for the three pre-training objectives. All of them build the image encoder from
 * the same specs and seed, and init depends only on (seed, variable name), so CatLIP, CLIP and
 * SuperClass models created with the same encoder config and seed start from bit-identical
 * image-encoder weights: the comparison differs only in the objective.
 */
import { catlipParamSpecs, createCatlipModel } from './catlip-objective.js';
import { clipParamSpecs, createClipModel } from './clip-objective.js';
import type {
  AnyPretrainingModel,
  CatlipModel,
  CatlipModelOptions,
  ClipModel,
  ClipModelOptions,
  ModelOptions,
  SuperclassModel,
  SuperclassModelOptions,
} from './objective-types.js';
import type { ParamSpec } from './params.js';
import { createSuperclassModel, superclassParamSpecs } from './superclass-objective.js';

export function createModel(options: CatlipModelOptions): CatlipModel;
export function createModel(options: ClipModelOptions): ClipModel;
export function createModel(options: SuperclassModelOptions): SuperclassModel;
export function createModel(options: ModelOptions): AnyPretrainingModel;
export function createModel(options: ModelOptions): AnyPretrainingModel {
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff)
    throw new RangeError('seed must be a uint32');
  switch (options.objective) {
    case 'catlip':
      return createCatlipModel(options);
    case 'clip':
      return createClipModel(options);
    case 'superclass':
      return createSuperclassModel(options);
    default:
      throw new RangeError(`unknown objective ${(options as { objective: unknown }).objective}`);
  }
}

/** The variables a model would have, without allocating them (parameter counts, checkpoint checks). */
export function modelParamSpecs(
  options: Omit<CatlipModelOptions, 'seed'> | Omit<ClipModelOptions, 'seed'> | Omit<SuperclassModelOptions, 'seed'>,
): ParamSpec[] {
  switch (options.objective) {
    case 'catlip':
      return catlipParamSpecs(options);
    case 'clip':
      return clipParamSpecs(options);
    case 'superclass':
      return superclassParamSpecs(options);
  }
}
