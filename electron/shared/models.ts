import { z } from 'zod';

/**
 * The "use the model" contract: saved downstream models (a fine-tuned or linear-probe classifier kept from an
 * evaluation) and predictions on one image — the run's pretrained scores (CatLIP synsets, CLIP prompts) and,
 * where a saved model is chosen, its downstream classes. Shared by the channel map, the CLI and the UI.
 */

/** Largest image a request may carry (the decoded bytes; base64 makes the request about 4/3 of it). */
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;
/** Base64 characters of MAX_UPLOAD_BYTES. */
export const MAX_UPLOAD_BASE64 = Math.ceil(MAX_UPLOAD_BYTES / 3) * 4;
/** Classes a user may type for CLIP's zero-shot. */
export const MAX_PROMPT_CLASSES = 100;

export const SavedModelMethodSchema = z.enum(['finetune', 'linear-probe']);
// eslint-disable-next-line no-control-regex -- the control characters are what it refuses
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f]+$/;
export const ModelName = z.string().trim().min(1).max(80).regex(NO_CONTROL_CHARACTERS, 'no control characters');

export const SavedModelSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  run: z.number().int(),
  /** The evaluation that trained it (its metrics are the model's). */
  evaluation: z.number().int(),
  method: SavedModelMethodSchema,
  dataset: z.string(),
  classes: z.array(z.string()),
  top1: z.number(),
  top5: z.number().nullable(),
  /** Size and sha256 of the weights file under the data home. */
  bytes: z.number().int(),
  sha256: z.string(),
  created_at: z.string(),
});
export type SavedModel = z.output<typeof SavedModelSchema>;

export const ModelsListRequestSchema = z.object({ run: z.number().int().min(1).optional() }).default({});

/** One image: its bytes (serve mode uploads, drops) or a path on the engine's machine (desktop dialog, CLI). */
export const PredictImageSchema = z.union([
  z
    .object({
      base64: z
        .string()
        .min(1)
        .max(MAX_UPLOAD_BASE64, `the image is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB`)
        .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64'),
      name: z.string().max(255).optional(),
    })
    .strict(),
  z.object({ path: z.string().min(1).max(4096) }).strict(),
]);

export const PredictRequestSchema = z.object({
  run: z.number().int().min(1),
  /** A saved model of this run: its downstream classes are scored too. */
  model: z.number().int().min(1).optional(),
  image: PredictImageSchema,
  /** How many synsets / classes to return, best first. */
  top: z.number().int().min(1).max(100).default(5),
  /** CLIP: the class names to score with its prompt ensemble (default: the saved model's classes). */
  classes: z.array(z.string().trim().min(1).max(100)).max(MAX_PROMPT_CLASSES).optional(),
});
export type PredictRequest = z.input<typeof PredictRequestSchema>;

export const ScoredLabelSchema = z.object({
  label: z.string(),
  /**
   * CatLIP synsets: the head's logit minus the synset's pre-training prior log-odds (evidence, as zero-shot
   * ranks). CLIP: cosine similarity. Saved models: the logit.
   */
  score: z.number(),
  /** Softmax probability over the scored classes (downstream models, CLIP prompts); absent for synsets. */
  probability: z.number().optional(),
});

export const PredictionSchema = z.object({
  run: z.number().int(),
  objective: z.enum(['catlip', 'clip', 'superclass']),
  /** What the pretrained model says: CatLIP's synsets, CLIP's prompt classes; null when nothing to score. */
  pretrained: z.object({
    kind: z.enum(['synsets', 'prompts', 'tokens']),
    top: z.array(ScoredLabelSchema),
    /** Why nothing is listed (e.g. CLIP without class names). */
    note: z.string().optional(),
  }),
  /** The saved model's classes, when one was asked for. */
  downstream: z.object({ model: z.number().int(), name: z.string(), top: z.array(ScoredLabelSchema) }).nullable(),
  image: z.object({ width: z.number().int(), height: z.number().int() }),
});
export type Prediction = z.output<typeof PredictionSchema>;
