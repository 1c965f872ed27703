import { z } from 'zod';
import { BackendRequestSchema } from './training.js';
import { ModelName } from './models.js';

/**
 * The transfer-evaluation contract: request, result and progress of `runEvaluation`. Imports only zod and
 * the shared training schemas, so it can move to electron/shared/ unchanged when the channel map takes it.
 */
export const EvalMethodSchema = z.enum(['linear-probe', 'finetune', 'zero-shot']);
/** 'none' is what zero-shot stores: it trains no head. */
export const EvalInitSchema = z.enum(['random', 'transfer', 'none']);

/**
 * CatLIP synset zero-shot: what the scores are corrected for (evaluation/zero-shot-calibration.ts) —
 * the pre-training prior log-odds, a per-class standardisation over unlabelled downstream images, or nothing.
 */
export const ZeroShotCorrectionSchema = z.enum(['prior', 'downstream', 'none']);
/** Chosen by measurement (docs/evaluation.md): the one that held up on both the skewed synthetic set and coco-mini → flowers5. */
export const DEFAULT_ZERO_SHOT_CORRECTION: z.output<typeof ZeroShotCorrectionSchema> = 'downstream';
/** What the evaluation stores for each correction (the prior's name predates the choice). */
export const ZERO_SHOT_CORRECTION_STORED = {
  prior: 'pretraining-prior',
  downstream: 'downstream-calibration',
  none: 'none',
} as const;

/** Why a zero-shot number says less than it seems: classes the vocabulary cannot tell apart or does not have. */
export const ZeroShotWarningSchema = z.object({
  kind: z.enum(['no-synset', 'shared-synset', 'related-synset']),
  classes: z.array(z.string()),
  synsets: z.array(z.string()).optional(),
});

export const EvaluationRequestSchema = z.object({
  run: z.number().int().min(1),
  /** A labelled (ImageFolder) dataset: trained on its 'train' split, measured on its 'test' split. */
  dataset: z.string().min(1),
  method: EvalMethodSchema.default('linear-probe'),
  /** Default: 'random' for linear-probe / finetune, 'none' for zero-shot. */
  init: EvalInitSchema.optional(),
  /** Share of the train split used (stratified, seeded, at least one item per class). */
  fraction: z.number().gt(0).max(1).default(1),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
  /** Default: the backend the run was trained with (its request, e.g. 'auto'). */
  backend: BackendRequestSchema.optional(),
  /** Linear probe: L-BFGS iterations of the final fit at most (default 3000); a fit stopped by it is stored as not converged. */
  steps: z.number().int().min(1).max(100_000).optional(),
  /** Fine-tune: epochs over the train subset (default 10, as the paper's recipe). */
  epochs: z.number().positive().max(1000).optional(),
  /** Fine-tune batch size (default 32, or the train subset's size when smaller). */
  batch: z.number().int().min(1).max(4096).optional(),
  /** Fine-tune peak learning rate (default 3e-4; a Transfer Init head runs at a third of it, see finetune.ts). */
  lr: z.number().positive().max(1).optional(),
  /** Fine-tune / linear probe: keep the trained classifier as a saved model (see models.ts). */
  save: z.boolean().default(false),
  /** The saved model's name (default: dataset-method-runN, numbered when taken). */
  name: ModelName.optional(),
  /** CatLIP zero-shot: the score correction (default DEFAULT_ZERO_SHOT_CORRECTION). */
  correction: ZeroShotCorrectionSchema.optional(),
});
export type EvaluationRequest = z.input<typeof EvaluationRequestSchema>;
export type ParsedEvaluationRequest = z.output<typeof EvaluationRequestSchema>;

export const EvaluationResultSchema = z.object({
  evaluation: z.number().int(),
  run: z.number().int(),
  dataset: z.string(),
  method: EvalMethodSchema,
  init: EvalInitSchema,
  fraction: z.number(),
  seed: z.number().int(),
  /** Share of test items whose true class scored highest. */
  top1: z.number(),
  /** Share of test items whose true class is among the 5 best; null with fewer than 5 classes. */
  top5: z.number().nullable(),
  /** Accuracy per class name (classes with no test item are left out). */
  per_class: z.record(z.string(), z.number()),
  /** Class order of the confusion matrix. */
  classes: z.array(z.string()),
  /** confusion[true][predicted] = test items. */
  confusion: z.array(z.array(z.number().int())),
  /** Transfer Init / zero-shot: classes that no vocabulary synset (or token) matched. */
  unmatched_classes: z.array(z.string()),
  train_items: z.number().int(),
  test_items: z.number().int(),
  backend: z.string(),
  seconds: z.number(),
  /** The saved model this evaluation kept (eval:run with save only). */
  saved_model: z.number().int().optional(),
  /** How the number was reached, for Compare and the report (absent on evaluations stored before these were kept). */
  details: z
    .object({
      /** Linear probe: the L2 strength used, how it was chosen, and whether the final fit met its tolerance. */
      probe: z
        .object({ l2: z.number(), l2_chosen_by: z.string(), converged: z.boolean(), iterations: z.number().int() })
        .optional(),
      /** Transfer Init: the factor its centred logits were scaled by (0: the rows carried nothing for this task). */
      transfer_scale: z.number().optional(),
      /** Fine-tune: steps that trained only the head before the whole model. */
      head_warmup_steps: z.number().int().optional(),
      /**
       * CatLIP zero-shot: the correction applied ('pretraining-prior', 'downstream-calibration' or 'none'), and
       * the top-1 the raw logits would have given.
       */
      zero_shot_correction: z.string().optional(),
      uncorrected_top1: z.number().optional(),
      /** 'downstream-calibration': the unlabelled train-split images it was fitted on. */
      calibration_images: z.number().int().optional(),
      /** CatLIP zero-shot: classes the mapping cannot predict, and the best top-1 reachable through it. */
      zero_shot_warnings: z.array(ZeroShotWarningSchema).optional(),
      reachable_top1: z.number().optional(),
    })
    .optional(),
});
export type EvaluationResult = z.output<typeof EvaluationResultSchema>;

export const EvalProgressSchema = z.object({
  run: z.number().int(),
  dataset: z.string(),
  phase: z.enum(['features', 'train', 'test']),
  done: z.number().int(),
  total: z.number().int(),
});
export type EvalProgress = z.output<typeof EvalProgressSchema>;
