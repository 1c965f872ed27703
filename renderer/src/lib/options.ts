import {
  BackendRequestSchema,
  EvalMethodSchema,
  FormatSchema,
  ModelPresetSchema,
  ObjectiveSchema,
  RecipeModeSchema,
  ReportFormatSchema,
} from '../api/contract.ts';

/**
 * The choices the forms offer, taken from the shared request schemas: a model, objective, recipe, evaluation
 * method or format added there appears in the forms by itself (and needs its labels in i18n, which the i18n
 * test checks).
 */
export const MODELS = ModelPresetSchema.options;
export const OBJECTIVES = ObjectiveSchema.options;
export const RECIPES = RecipeModeSchema.options;
export const EVAL_METHODS = EvalMethodSchema.options;
export const FORMATS = FormatSchema.options;
export const REPORT_FORMATS = ReportFormatSchema.options;
export const BACKENDS = BackendRequestSchema.options;
