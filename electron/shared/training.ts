import { z } from 'zod';
import { RunViewSchema, ViewName } from './dataset-view.js';

/**
 * Training contract: the resolved configuration stored with every run, and the typed messages between
 * a trainer process (forked child for the CLI, Electron utility process for the app) and its host.
 */
export const ObjectiveSchema = z.enum(['catlip', 'clip', 'superclass']);
export type Objective = z.output<typeof ObjectiveSchema>;
export const ModelPresetSchema = z.enum(['vit-tiny', 'probe', 'vit-s16', 'vit-b16']);
export const BackendRequestSchema = z.enum(['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu']);

/**
 * A training recipe as stored with a run: the settings that a published recipe fixes and that differ between
 * objectives (training/recipe.ts says where each value comes from).
 */
/** 'objective': each objective's own published recipe (default); 'matched': CatLIP's for every objective (an ablation). */
export const RecipeModeSchema = z.enum(['objective', 'matched']);

export const RecipeSchema = z.object({
  mode: RecipeModeSchema,
  /** Whose recipe: CoreNet's CatLIP pre-training recipe or CoreNet's CLIP recipe. */
  name: z.enum(['catlip', 'clip']),
  /** Where it comes from, e.g. "CoreNet projects/clip/clip_vit_base.yaml". */
  source: z.string(),
  /** Random-resized-crop area range (fraction of the image). */
  cropScale: z.tuple([z.number(), z.number()]),
  /** Probability of a horizontal flip. */
  flipProbability: z.number().min(0).max(1),
  beta2: z.number(),
  epsilon: z.number(),
  /** The cosine schedule's floor as a share of the peak LR (CatLIP 1e-5 of 1e-3; CLIP 1e-6 of 1e-3). */
  minLrRatio: z.number(),
});
export type Recipe = z.output<typeof RecipeSchema>;

export const TrainRequestSchema = z.object({
  dataset: z.string().min(1),
  objective: ObjectiveSchema,
  model: ModelPresetSchema.default('vit-tiny'),
  steps: z.number().int().min(1).optional(),
  epochs: z.number().positive().optional(),
  /** Time budget: train for about this many minutes (with `steps`, at most that many steps). */
  minutes: z.number().positive().max(100_000).optional(),
  batch: z.number().int().min(2).max(65_536).default(32),
  imageSize: z.number().int().min(16).max(1024).optional(),
  patchSize: z.number().int().min(2).max(64).optional(),
  backend: BackendRequestSchema.default('auto'),
  /** Desktop app: train with `webgpu` even when the compute window has only a software (CPU-emulated) adapter. */
  allowSoftwareAdapter: z.boolean().default(false),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
  /** CatLIP: the vocabulary to train against; default: the dataset's default vocabulary (built if needed). */
  vocabulary: z.number().int().optional(),
  /** Train on a dataset view's items only (quality filters saved by datasets:view:create). */
  view: ViewName.optional(),
  lr: z.number().positive().max(1).optional(),
  warmupSteps: z.number().int().min(0).optional(),
  weightDecay: z.number().min(0).max(1).default(0.2),
  clipNorm: z.number().positive().default(1),
  emaMomentum: z.number().positive().max(1).optional(),
  checkpointEvery: z.number().int().min(1).optional(),
  /** CLIP / SuperClass tokenizer vocabulary size (trained on the dataset's captions). */
  tokenizerVocab: z.number().int().min(16).max(65_536).default(2000),
  contextLength: z.number().int().min(4).max(128).optional(),
  /**
   * The device this run must train on, as a backend reports it (a pilot pins its first run's device for
   * every later run, with `backend` set to the one that run used): if it is not available, the run fails.
   */
  device: z.string().min(1).max(300).optional(),
  recipe: RecipeModeSchema.default('objective'),
});
export type TrainRequest = z.output<typeof TrainRequestSchema>;

/** Everything a run needs, resolved at creation and never changed: resume uses exactly this. */
export const RunConfigSchema = z.object({
  dataset: z.string(),
  objective: ObjectiveSchema,
  model: ModelPresetSchema,
  imageSize: z.number().int(),
  patchSize: z.number().int(),
  steps: z.number().int(),
  batch: z.number().int(),
  backend: BackendRequestSchema,
  /** See TrainRequest; runs stored before it existed read as false. */
  allowSoftwareAdapter: z.boolean().default(false),
  seed: z.number().int(),
  vocabulary: z.number().int().nullable(),
  labelMode: z.enum(['paper', 'corenet']).nullable(),
  lr: z.number(),
  minLr: z.number(),
  warmupSteps: z.number().int(),
  weightDecay: z.number(),
  clipNorm: z.number(),
  emaMomentum: z.number().nullable(),
  checkpointEvery: z.number().int(),
  tokenizerVocab: z.number().int(),
  contextLength: z.number().int(),
  /**
   * A minutes budget: `steps` is provisional until the trainer has timed its first steps, then fixed so the
   * run ends near the budget (`plannedAtStep` records when); null for a run planned in steps or epochs.
   */
  budget: z
    .object({
      minutes: z.number().positive(),
      maxSteps: z.number().int().nullable(),
      plannedAtStep: z.number().int().nullable(),
    })
    .nullable()
    .default(null),
  /** The device the run is pinned to (its pilot's); null: whatever `backend` resolves to. */
  device: z.string().nullable().default(null),
  /** The training recipe used; null for runs stored before recipes were recorded (CatLIP's, crop by size). */
  recipe: RecipeSchema.nullable().default(null),
  /** The dataset view the run trained on (name and filters); null: the whole dataset. */
  view: RunViewSchema.nullable().default(null),
});
export type RunConfig = z.output<typeof RunConfigSchema>;

export const TrainerCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('cancel') }),
]);
export type TrainerCommand = z.output<typeof TrainerCommandSchema>;

export const StepMessageSchema = z.object({
  type: z.literal('step'),
  run: z.number().int(),
  step: z.number().int(),
  steps: z.number().int(),
  loss: z.number(),
  lr: z.number(),
  grad_norm: z.number(),
  images_per_second: z.number(),
  data_ms: z.number(),
  compute_ms: z.number(),
  eta_seconds: z.number().nullable(),
  memory_mb: z.number(),
});

export const TrainerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('started'),
    run: z.number().int(),
    backend: z.string(),
    device: z.string(),
    notes: z.array(z.string()),
    resumed_from: z.number().int().nullable(),
    parameters: z.number().int(),
  }),
  StepMessageSchema,
  z.object({
    type: z.literal('checkpoint'),
    run: z.number().int(),
    step: z.number().int(),
    bytes: z.number().int(),
    seconds: z.number(),
  }),
  z.object({ type: z.literal('paused'), run: z.number().int(), step: z.number().int() }),
  z.object({ type: z.literal('resumed'), run: z.number().int(), step: z.number().int() }),
  z.object({
    type: z.literal('finished'),
    run: z.number().int(),
    status: z.enum(['completed', 'cancelled']),
    step: z.number().int(),
  }),
  z.object({
    type: z.literal('failed'),
    run: z.number().int(),
    message: z.string(),
    /** True where the run stopped without failing itself (killed, app quit) and can be resumed: "interrupted". */
    resumable: z.boolean().optional(),
  }),
]);
export type TrainerMessage = z.output<typeof TrainerMessageSchema>;
export type StepMessage = z.output<typeof StepMessageSchema>;

/**
 * The backend and device a pilot's first run trained on, as the pin for its later runs (TrainRequest
 * `backend` + `device`); null when that run recorded no device (it never started).
 */
export function pilotPin(first: {
  backend: string | null;
  device: string | null;
}): { backend: z.output<typeof BackendRequestSchema>; device: string } | null {
  const backend = BackendRequestSchema.exclude(['auto']).safeParse(first.backend);
  return backend.success && first.device ? { backend: backend.data, device: first.device } : null;
}
