import { z } from 'zod';
import { PlanSchema } from './cost.js';

/**
 * The CoreNet export's request and result as zod schemas (zod and the cost schemas only), for the channel
 * map (shared/channels.ts) to use unchanged.
 */

export const CORENET_VIT_MODES = ['tiny', 'small', 'base', 'large', 'huge'] as const;

/**
 * `tcp://HOST:PORT` with HOST a DNS name, an IPv4 address or a bracketed IPv6 address, and PORT 1–65535.
 * Nothing else passes: the value is written into launch.sh and the README's commands that run on the cluster.
 */
const DIST_URL =
  /^tcp:\/\/(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\]):(\d{1,5})$/;

export const DistUrlSchema = z.string().refine((v) => {
  const port = DIST_URL.exec(v)?.[1];
  return port !== undefined && Number(port) >= 1 && Number(port) <= 65535;
}, 'use tcp://HOST:PORT (a host name, IPv4 or [IPv6] address, and a port 1–65535)');

/** Refuses control characters and backquotes, which the generated shell commands would carry. */
// eslint-disable-next-line no-control-regex -- the control characters are what it refuses
const NO_CONTROL_OR_BACKQUOTE = /^[^\x00-\x1f\x7f`]+$/;

export const CorenetExportRequestSchema = z.object({
  run: z.number().int().positive(),
  /** Folder to write; created if missing, its export files overwritten. */
  out: z.string().min(1),
  recipe: z.enum(['pilot', 'paper']).default('pilot'),
  /** The CoreNet ViT size; needed where the run's preset is none (vit-s16 = small, vit-b16 = base). */
  vitMode: z.enum(CORENET_VIT_MODES).optional(),
  nodes: z.number().int().positive().optional(),
  gpusPerNode: z.number().int().positive().optional(),
  /** Overrides of the saved full-scale plan (cost settings). */
  plan: PlanSchema.partial().optional(),
  /** tcp://HOST:PORT of node 0; without it the commands carry CoreNet's placeholder. */
  distUrl: DistUrlSchema.optional(),
  /** Where the img_text_tar metadata file is (local path or URL CoreNet can fetch). */
  metadataFile: z
    .string()
    .min(1)
    .max(4096)
    .regex(NO_CONTROL_OR_BACKQUOTE, 'no control characters or backquotes')
    .optional(),
  /**
   * `corenet`: CoreNet labels the captions itself (English WordNet synsets only). `precomputed`: the export
   * also writes each caption's class indices as the pilot trained on them (classes.json + labels.jsonl), for
   * vocabularies CoreNet's labeller cannot reproduce (lemma classes, Japanese captions, edited versions).
   */
  labels: z.enum(['corenet', 'precomputed']).default('corenet'),
});

export const ScalingRuleSchema = z.object({
  world_size: z.number().int(),
  global_batch: z.number().int(),
  pilot_batch: z.number().int(),
  pilot_lr: z.number(),
  /** pilot_lr × global_batch / pilot_batch, before the cap. */
  linear_lr: z.number(),
  lr: z.number(),
  lr_capped: z.boolean(),
  min_lr: z.number(),
  max_iterations: z.number().int(),
  warmup_iterations: z.number().int(),
  text: z.array(z.string()),
});

export const CorenetExportSchema = z.object({
  run: z.number().int(),
  out: z.string(),
  files: z.array(z.string()),
  vit_mode: z.enum(CORENET_VIT_MODES),
  recipe: z.enum(['pilot', 'paper']),
  vocabulary: z.object({
    id: z.number().int(),
    size: z.number().int(),
    key_format: z.string(),
    never_matched_by_corenet: z.array(z.string()),
  }),
  scaling: ScalingRuleSchema,
  commands: z.array(z.string()),
  differences: z.array(z.string()),
  /** With `labels: precomputed`: the label files, captions written, classes, and captions with no class. */
  precomputed: z
    .object({
      files: z.array(z.string()),
      samples: z.number().int(),
      classes: z.number().int(),
      unlabelled: z.number().int(),
    })
    .nullable()
    .default(null),
});

export type CorenetVitMode = (typeof CORENET_VIT_MODES)[number];
export type CorenetRecipe = z.output<typeof CorenetExportSchema>['recipe'];
export type CorenetExportRequest = z.input<typeof CorenetExportRequestSchema>;
export type ScalingRule = z.output<typeof ScalingRuleSchema>;
export type CorenetExport = z.output<typeof CorenetExportSchema>;
