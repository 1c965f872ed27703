import { z } from 'zod';

/**
 * The weight export's request and result as zod schemas (zod only), for the channel map (shared/channels.ts)
 * to use unchanged. The export writes a pre-trained run's image encoder and head in a standard format:
 * safetensors with timm's ViT names and layouts (PyTorch), or a TensorFlow.js graph model (JavaScript).
 */

export const WEIGHT_FORMATS = ['safetensors', 'tfjs'] as const;
export type WeightFormat = (typeof WEIGHT_FORMATS)[number];

export const WeightExportRequestSchema = z
  .object({
    /** A pre-training run: its latest checkpoint's encoder and pre-training head. */
    run: z.number().int().positive().optional(),
    /** Or a saved downstream model (`eval … --save`): its encoder and downstream classifier. */
    model: z.number().int().positive().optional(),
    format: z.enum(WEIGHT_FORMATS),
    /** Folder to write; created if missing, its export files overwritten. */
    out: z.string().min(1),
  })
  .refine((r) => (r.run === undefined) !== (r.model === undefined), { message: 'give exactly one of run and model' });

export const WeightExportSchema = z.object({
  /** The pre-training run the encoder comes from (for a saved model: the run it was trained from). */
  run: z.number().int(),
  /** The saved model exported, or null for a run's pre-trained weights. */
  model: z.number().int().nullable(),
  format: z.enum(WEIGHT_FORMATS),
  out: z.string(),
  /** File names written inside `out`. */
  files: z.array(z.string()),
  /** The checkpoint step the weights come from, and whether they are its EMA or its trained weights. */
  step: z.number().int(),
  weights: z.enum(['ema', 'trained']),
  /** Tensors written (tfjs: the graph's constants, shapes and axes included) and the model's parameters. */
  tensors: z.number().int(),
  parameters: z.number().int(),
  /** Head outputs: classes (CatLIP, SuperClass) or the joint embedding width (CLIP's image projection). */
  outputs: z.number().int(),
  head: z.enum(['classifier', 'clip-image-projection']),
});

export type WeightExportRequest = z.input<typeof WeightExportRequestSchema>;
export type WeightExport = z.infer<typeof WeightExportSchema>;
