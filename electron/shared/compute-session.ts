import { z } from 'zod';
import { RunConfigSchema } from './training.js';
import type { RunningIdfJson } from '../engine/training/model/running-idf.js';
import type { TokenizerJson } from '../engine/training/model/tokenizer.js';

/**
 * The model-session protocol between a trainer and its compute side (the desktop app's hidden compute
 * window, or an in-process port in tests): requests carry an id, each gets exactly one reply with that id.
 * Both ends validate what arrives. Typed arrays travel by structured clone (image batches are transferred).
 */

// Tokenizer and IDF state are produced by this codebase's own toJSON and checked by their fromJSON/restore.
const TokenizerJsonSchema = z.custom<TokenizerJson>((v) => typeof v === 'object' && v !== null, 'tokenizer state');
const IdfJsonSchema = z.custom<RunningIdfJson>((v) => typeof v === 'object' && v !== null, 'IDF state');

// z.instanceof would narrow to Float32Array<ArrayBuffer>; the model code passes ArrayBufferLike views
const Float32ArraySchema = z.custom<Float32Array>((v) => v instanceof Float32Array, 'a Float32Array');
const Int32ArraySchema = z.custom<Int32Array>((v) => v instanceof Int32Array, 'an Int32Array');
const NamedTensorSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  data: Float32ArraySchema,
});
const SessionStateSchema = z.object({
  tensors: z.array(NamedTensorSchema),
  optimizerStep: z.number().int().nonnegative(),
  idf: IdfJsonSchema.optional(),
});

export const ComputeRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    id: z.number().int(),
    init: z.object({
      config: RunConfigSchema,
      numClasses: z.number().int().positive().optional(),
      tokenizer: TokenizerJsonSchema.optional(),
      restored: SessionStateSchema.optional(),
    }),
  }),
  z.object({
    type: z.literal('step'),
    id: z.number().int(),
    step: z.number().int().nonnegative(),
    batch: z.object({
      images: Float32ArraySchema,
      labels: z.array(Int32ArraySchema).optional(),
      tokens: z.array(Int32ArraySchema).optional(),
    }),
  }),
  z.object({
    type: z.literal('schedule'),
    id: z.number().int(),
    totalSteps: z.number().int().positive(),
    warmupSteps: z.number().int().nonnegative(),
  }),
  z.object({ type: z.literal('export'), id: z.number().int() }),
  z.object({ type: z.literal('dispose'), id: z.number().int() }),
]);
export type ComputeRequest = z.infer<typeof ComputeRequestSchema>;

/** What the compute side runs on, reported once by `ready`. */
export const ComputeDeviceSchema = z.object({
  backend: z.enum(['webgpu', 'cpu']),
  /** Adapter or CPU name. */
  device: z.string(),
  /** A software adapter (SwiftShader, lavapipe): `--backend auto` does not train on it. */
  software: z.boolean(),
});
export type ComputeDevice = z.infer<typeof ComputeDeviceSchema>;

export const ComputeReplySchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    id: z.number().int(),
    parameters: z.number().int(),
    device: ComputeDeviceSchema,
  }),
  z.object({
    type: z.literal('stepped'),
    id: z.number().int(),
    loss: z.number(),
    lr: z.number(),
    gradNorm: z.number(),
  }),
  z.object({ type: z.literal('state'), id: z.number().int(), state: SessionStateSchema }),
  z.object({ type: z.literal('done'), id: z.number().int() }),
  z.object({ type: z.literal('error'), id: z.number().int(), message: z.string() }),
]);
export type ComputeReply = z.infer<typeof ComputeReplySchema>;
