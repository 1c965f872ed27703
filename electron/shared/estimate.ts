import { z } from 'zod';
import { ViewCoverageSchema, ViewName } from './dataset-view.js';
import { BackendRequestSchema, ModelPresetSchema, ObjectiveSchema } from './training.js';

/**
 * The wizard's time and memory estimate for a planned run, before anything is trained. Sizes and FLOPs are
 * computed from the model's exact variable list; time comes only from runs measured on this machine.
 */
export const TrainingEstimateRequestSchema = z.object({
  dataset: z.string().min(1),
  model: ModelPresetSchema.default('vit-tiny'),
  objectives: z.array(ObjectiveSchema).min(1).max(3).default(['catlip', 'clip']),
  batch: z.number().int().min(2).max(65_536).default(32),
  imageSize: z.number().int().min(16).max(1024).optional(),
  patchSize: z.number().int().min(2).max(64).optional(),
  backend: BackendRequestSchema.default('auto'),
  steps: z.number().int().min(1).optional(),
  /** Instead of `steps`: passes over the training items (as `train --epochs`). */
  epochs: z.number().positive().max(100_000).optional(),
  minutes: z.number().positive().max(100_000).optional(),
  tokenizerVocab: z.number().int().min(16).max(65_536).default(2000),
  /** CatLIP's vocabulary (its size is the head's); default: the dataset's latest vocabulary. */
  vocabulary: z.number().int().positive().optional(),
  /** Plan the runs on this dataset view's items (as `train --view`); default: the whole dataset. */
  view: ViewName.optional(),
});

export const ObjectiveEstimateSchema = z.object({
  objective: ObjectiveSchema,
  parameters: z.number().int(),
  /** Image encoder parameters alone (identical across objectives). */
  encoder_parameters: z.number().int(),
  /** Training FLOPs per image (forward + backward ≈ 3 × forward). */
  flops_per_image: z.number(),
  memory_mb: z.object({ weights_and_optimizer: z.number(), activations: z.number(), total: z.number() }),
  /** Measured on an earlier run of this model on this machine, scaled to the batch; null when none was measured. */
  seconds_per_step: z.number().nullable(),
  basis: z.string(),
  /** With `minutes`: the steps that fit (from the measured rate), else null. */
  steps_for_minutes: z.number().int().nullable(),
  /** With `steps` or `epochs`: the minutes they take at the measured rate, else null. */
  minutes_for_steps: z.number().nullable(),
  /** One pass over the training items (`data.steps_per_epoch` steps) at the measured rate, else null. */
  minutes_per_epoch: z.number().nullable(),
});

/** The data the planned runs train on: the whole dataset or the view's items. */
export const EstimateDataSchema = ViewCoverageSchema.pick({ items: true, images: true, train_items: true }).extend({
  view: z.string().nullable(),
  /** Whole batches per pass over the training items (0: the batch is larger than the training items). */
  steps_per_epoch: z.number().int(),
  /** The steps planned (`steps`, or `epochs` × steps per epoch); null with neither (a minutes budget). */
  planned_steps: z.number().int().nullable(),
  /** Passes over the training items the planned steps make (null without planned steps or training items). */
  epochs: z.number().nullable(),
});

export const TrainingEstimateSchema = z.object({
  dataset: z.string(),
  model: ModelPresetSchema,
  batch: z.number().int(),
  image_size: z.number().int(),
  patch_size: z.number().int(),
  /** CatLIP's classification head size: the requested or the dataset's latest vocabulary (null: none built yet, estimated as 1000). */
  vocabulary_size: z.number().int().nullable(),
  data: EstimateDataSchema,
  objectives: z.array(ObjectiveEstimateSchema),
  notes: z.array(z.string()),
});

export type TrainingEstimateRequest = z.input<typeof TrainingEstimateRequestSchema>;
export type TrainingEstimate = z.output<typeof TrainingEstimateSchema>;
export type ObjectiveEstimate = z.output<typeof ObjectiveEstimateSchema>;
