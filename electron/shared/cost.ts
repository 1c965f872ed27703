import { z } from 'zod';
import { RunStatusSchema } from './run-status.js';
import { ModelPresetSchema, ObjectiveSchema } from './training.js';
import { TcoSchema, TcoSettingsSchema } from './tco.js';

/**
 * The time-and-cost contract as zod schemas: cost settings, measured runs, projections and comparisons.
 * The engine's types are derived from them, and they import only zod and the shared training schemas, so
 * the channel map (shared/channels.ts) can use them as request/response schemas unchanged.
 */

const supportedCurrencies = new Set(Intl.supportedValuesOf('currency'));

export const CurrencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'use a 3-letter ISO 4217 code such as JPY or USD')
  .refine((c) => supportedCurrencies.has(c), { message: 'not a currency this runtime can format' });

export const PlanSchema = z.object({
  /** Images in the full-scale dataset. */
  images: z.number().int().positive().nullable(),
  /** Passes over it. */
  epochs: z.number().positive().nullable(),
  /** GPUs, of the pilot's GPU model. */
  gpus: z.number().int().positive().nullable(),
  /** Per-GPU interconnect bandwidth for collectives, GB/s (10^9 bytes/s), as the vendor states it. */
  bandwidthGBps: z.number().positive().nullable(),
  /**
   * Images per GPU per step; null = the pilot's batch, or with `gpuMemoryGB` the largest that fits. Capped
   * per objective at the largest that fits `gpuMemoryGB` where that is set.
   */
  perGpuBatch: z.number().int().positive().nullable(),
  /** Memory of one full-scale GPU (GiB), to find each objective's largest per-GPU batch; null = not checked. */
  gpuMemoryGB: z.number().positive().nullable().optional(),
  /** GPUs for the baseline (CLIP/SuperClass) when it trains on another count than CatLIP; null = `gpus`. */
  baselineGpus: z.number().int().positive().nullable().optional(),
});

const EfficiencyShape = z.object({ low: z.number().gt(0).max(1), high: z.number().gt(0).max(1) });

export const CostSettingsSchema = z.object({
  currency: CurrencySchema,
  /** Price of one GPU for one hour, in `currency`. */
  gpuCostPerHour: z.number().nonnegative().nullable(),
  /** Price of 1 kWh of electricity, in `currency`; used only where energy was measured. */
  electricityPerKwh: z.number().nonnegative().nullable(),
  plan: PlanSchema,
  /** Bytes per embedding element in CLIP's all-gather: bf16 as the paper's mixed-precision recipe, or fp32. */
  embeddingPrecision: z.enum(['bf16', 'fp32']),
  /** ± share by which throughput at scale may differ from the pilot's (0.2 = ±20%). */
  throughputVariation: z.number().min(0).max(0.9),
  /** Share of the stated bandwidth that collectives reach, as a [low, high] range. */
  bandwidthEfficiency: EfficiencyShape.refine((e) => e.low <= e.high, { message: 'low must not exceed high' }),
  /** Total-cost-of-ownership inputs (shared/tco.ts); absent = all unset. */
  tco: TcoSettingsSchema.optional(),
});

/** A change to the settings: any field, plans and efficiency field by field; null unsets a price or plan value. */
export const CostSettingsPatchSchema = CostSettingsSchema.omit({ plan: true, bandwidthEfficiency: true, tco: true })
  .partial()
  .extend({
    plan: PlanSchema.partial().optional(),
    tco: TcoSettingsSchema.partial().optional(),
    bandwidthEfficiency: EfficiencyShape.partial().optional(),
  });

export const RangeSchema = z.object({ low: z.number(), high: z.number() });

export const NOT_MEASURED = 'not measured' as const;

export const MeasuredRunSchema = z.object({
  run: z.number().int(),
  objective: ObjectiveSchema,
  dataset: z.string(),
  encoder: z.object({ model: ModelPresetSchema, imageSize: z.number().int(), patchSize: z.number().int() }),
  batch: z.number().int(),
  status: RunStatusSchema,
  backend: z.string().nullable(),
  device: z.string().nullable(),
  /** 'gpu' only when the backend computed on a GPU; GPU-hours of a CPU run are CPU hours. */
  accelerator: z.enum(['gpu', 'cpu', 'unknown']),
  accelerator_reason: z.string(),
  steps: z.number().int(),
  images: z.number().int(),
  seconds: z.object({ data: z.number(), compute: z.number(), checkpoint: z.number(), wall: z.number() }),
  /** Shares of wall time; null before any time was recorded. */
  share: z.object({ data: z.number(), compute: z.number(), checkpoint: z.number() }).nullable(),
  /** Images per wall second (data + compute + checkpoint). */
  images_per_second: z.number().nullable(),
  /** Images per compute second: the rate the projection scales. */
  compute_images_per_second: z.number().nullable(),
  compute_seconds_per_image: z.number().nullable(),
  wall_seconds_per_image: z.number().nullable(),
  gpus: z.number().int(),
  /** Wall hours × GPUs used. */
  gpu_hours: z.number(),
  /** Measured GPU board energy (nvidia-smi), or "not measured". */
  energy_kwh: z.union([z.number(), z.literal(NOT_MEASURED)]),
  energy_kwh_per_image: z.number().nullable(),
});

export const MeasuredWithCostSchema = MeasuredRunSchema.extend({
  /** Pilot GPU-hours × the GPU price; null without a price. */
  gpu_cost: z.number().nullable(),
  /** Measured energy × the electricity price; null where either is missing. */
  energy_cost: z.number().nullable(),
});

export const PROJECTION_LABEL = 'projection (model from the pilot, not a measurement)' as const;

export const RunProjectionSchema = z.object({
  run: z.number().int(),
  objective: ObjectiveSchema,
  images: z.number(),
  /** GPUs this objective trains on (the baseline may use another count than CatLIP). */
  gpus: z.number().int(),
  per_gpu_batch: z.number().int(),
  /**
   * Where the per-GPU batch comes from: the plan, the pilot's batch, the largest that fits the plan's GPU
   * memory, or the plan's value capped to that.
   */
  per_gpu_batch_basis: z.enum(['plan', 'pilot', 'memory', 'capped-by-memory']),
  /** Estimated fp32 training memory per GPU at that batch (GiB); null where the pilot network is unknown. */
  memory_gib_per_gpu: z.number().nullable(),
  global_batch: z.number().int(),
  steps: z.number().int(),
  /** Compute wall hours (all GPUs in parallel); `at_pilot_rate` uses the measured rate unchanged. */
  compute_hours: RangeSchema.extend({ at_pilot_rate: z.number() }),
  /** Embedding all-gather; null where the objective has none. */
  communication: z.object({ bytes_per_step_per_gpu: z.number(), hours: RangeSchema }).nullable(),
  wall_hours: RangeSchema,
  gpu_hours: RangeSchema,
  gpu_cost: RangeSchema.nullable(),
  energy_kwh: z.union([RangeSchema, z.literal(NOT_MEASURED)]),
  energy_cost: RangeSchema.nullable(),
  total_cost: RangeSchema.nullable(),
  /** Formatted totals, e.g. "¥1,200–¥1,800". */
  total_cost_text: z.string().nullable(),
  cost_notes: z.array(z.string()),
});

export const ProjectionSchema = z.object({
  label: z.literal(PROJECTION_LABEL),
  catlip: RunProjectionSchema,
  baseline: RunProjectionSchema,
  /** Baseline GPU-hours ÷ CatLIP GPU-hours over the corners of the ranges (> 1: CatLIP is faster). */
  speedup: RangeSchema,
  inputs: z.record(z.string(), z.unknown()),
  assumptions: z.array(z.string()),
});

/** What stands in for a projection while plan inputs are missing. */
export const MissingProjectionSchema = z.object({ label: z.literal(PROJECTION_LABEL), missing: z.array(z.string()) });

export const CompareRequestSchema = z.object({
  runs: z.tuple([z.number().int().positive(), z.number().int().positive()]),
  /** One-off changes to the saved cost settings; saved as the new defaults with `save`. */
  settings: CostSettingsPatchSchema.optional(),
  save: z.boolean().default(false),
  /**
   * Compare runs that trained on different backends or devices. Refused by default: their speed-up mixes
   * hardware and objective; with this, the comparison carries `hardware_mismatch` and says so.
   */
  allowMismatch: z.boolean().default(false),
  /**
   * More CatLIP/baseline pairs of the same pilot, trained with other seeds (same settings otherwise): the
   * comparison then gives 95% intervals over seeds for the speed-up and each accuracy difference.
   */
  repeats: z
    .array(z.tuple([z.number().int().positive(), z.number().int().positive()]))
    .max(100)
    .default([]),
});

/** A 95% interval: over seeds (t), or for one seed over the test images (bootstrap). */
export const IntervalSchema = z.object({
  mean: z.number(),
  low: z.number(),
  high: z.number(),
  /** Seeds it is over (1 for the bootstrap). */
  n: z.number().int(),
  method: z.enum(['t-over-seeds', 'bootstrap-over-test-images']),
});

/** CatLIP's top-1 minus the baseline's on one downstream test, averaged over the pairs that have it. */
export const AccuracyDifferenceSchema = z.object({
  dataset: z.string(),
  method: z.string(),
  init: z.string(),
  fraction: z.number(),
  catlip: z.number(),
  baseline: z.number(),
  difference: IntervalSchema,
  /** True when the interval includes no difference. */
  within_noise: z.boolean(),
});

/** The spread over the pilot's seeds (one pair: the speed-up has no interval, accuracy a bootstrap). */
export const RepeatsSchema = z.object({
  /** [CatLIP, baseline] run ids per seed, the compared pair first. */
  pairs: z.array(z.tuple([z.number().int(), z.number().int()])),
  speedup: z.object({ wall: IntervalSchema.nullable(), compute: IntervalSchema.nullable() }),
  /** True when the wall-time speed-up's interval includes 1× (no difference). */
  speedup_within_noise: z.boolean().nullable(),
  accuracy: z.array(AccuracyDifferenceSchema),
});

/** The two sides' backend and device when they differ (the comparison was allowed with allowMismatch). */
export const HardwareMismatchSchema = z.object({
  catlip: z.object({ backend: z.string().nullable(), device: z.string().nullable() }),
  baseline: z.object({ backend: z.string().nullable(), device: z.string().nullable() }),
});

export const ComparisonSchema = z.object({
  runs: z.object({ catlip: z.number().int(), baseline: z.number().int() }),
  measured: z.object({ catlip: MeasuredWithCostSchema, baseline: MeasuredWithCostSchema }),
  projected: z.union([ProjectionSchema, MissingProjectionSchema]),
  speedup: z.object({
    /** Baseline ÷ CatLIP time per image: over wall time and over compute time alone. */
    measured: z.object({ wall: z.number().nullable(), compute: z.number().nullable() }),
    projected: RangeSchema.nullable(),
  }),
  settings: CostSettingsSchema,
  warnings: z.array(z.string()),
  /** Set when the runs trained on different hardware; null when backend and device are the same. */
  hardware_mismatch: HardwareMismatchSchema.nullable(),
  repeats: RepeatsSchema,
  /** Total cost of ownership of the pilot and of full-scale training (shared/tco.ts). */
  tco: TcoSchema.optional(),
});

export type Plan = z.output<typeof PlanSchema>;
export type CostSettings = z.output<typeof CostSettingsSchema>;
export type CostSettingsPatch = z.input<typeof CostSettingsPatchSchema>;
export type Range = z.output<typeof RangeSchema>;
export type MeasuredRun = z.output<typeof MeasuredRunSchema>;
export type MeasuredWithCost = z.output<typeof MeasuredWithCostSchema>;
export type RunProjection = z.output<typeof RunProjectionSchema>;
export type Projection = z.output<typeof ProjectionSchema>;
export type CompareRequest = z.input<typeof CompareRequestSchema>;
export type Comparison = z.output<typeof ComparisonSchema>;
export type HardwareMismatch = z.output<typeof HardwareMismatchSchema>;
export type Interval = z.output<typeof IntervalSchema>;
export type AccuracyDifference = z.output<typeof AccuracyDifferenceSchema>;
export type Repeats = z.output<typeof RepeatsSchema>;
