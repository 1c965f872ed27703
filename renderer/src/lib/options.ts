import { BackendRequestSchema, FormatSchema, ModelPresetSchema, ObjectiveSchema } from '../api/contract.ts';

/**
 * The choices the forms offer, taken from the shared request schemas: a model, objective or format added
 * there appears in the forms by itself (and needs its labels in i18n, which the i18n test checks).
 */
export const MODELS = ModelPresetSchema.options;
export const OBJECTIVES = ObjectiveSchema.options;
export const FORMATS = FormatSchema.options;
export const BACKENDS = BackendRequestSchema.options;
