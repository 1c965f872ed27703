import { z } from 'zod';

/**
 * Total cost of ownership: the inputs beyond GPU price and plan (saved with the cost settings, under `tco`)
 * and what the comparison computes from them. Every input starts unset: nobody but the user knows their
 * hardware price or engineers' rate. Every computed figure carries its basis — measured on the pilot,
 * entered by the user, or projected to the full-scale plan — so a reader never mistakes one for another.
 */

const amount = z.number().nonnegative().nullable();

export const TcoSettingsSchema = z.object({
  /** On-premises: purchase price of one GPU (its share of the server), in the settings' currency. */
  hardwarePricePerGpu: amount,
  /** On-premises: years over which the hardware is written off. */
  amortisationYears: z.number().positive().nullable(),
  /** On-premises: share of the year the GPUs do useful work (0.6 = 60%). */
  utilisation: z.number().gt(0).max(1).nullable(),
  /** Stated power draw of one GPU in watts; used where the pilot's energy was not measured. */
  powerWattsPerGpu: z.number().positive().nullable(),
  /** Engineers' cost per hour. */
  engineerRatePerHour: amount,
  /** Engineer hours to set the pilot up (installation, configuration). */
  setupHours: amount,
  /** Engineer hours of data preparation; null = the measured import time of the pilot's dataset. */
  dataPreparationHours: amount,
  /** Engineer hours supervising the pilot's training; null = the pilot runs' measured wall time. */
  supervisionHours: amount,
  /** Engineer hours supervising one full-scale training. */
  supervisionHoursPerTraining: amount,
  /** Engineer hours to move production training to CatLIP (counted in the break-even). */
  migrationHours: amount,
  /** Storage price per TB per month. */
  storagePerTbMonth: amount,
  /** Size of the full-scale training data in TB. */
  storageTb: amount,
});

export const EMPTY_TCO_SETTINGS: TcoSettings = {
  hardwarePricePerGpu: null,
  amortisationYears: null,
  utilisation: null,
  powerWattsPerGpu: null,
  engineerRatePerHour: null,
  setupHours: null,
  dataPreparationHours: null,
  supervisionHours: null,
  supervisionHoursPerTraining: null,
  migrationHours: null,
  storagePerTbMonth: null,
  storageTb: null,
};

export const BasisSchema = z.enum(['measured', 'entered', 'projected']);

/** A figure with its basis; a point value has low = high. */
export const FigureSchema = z.object({ low: z.number(), high: z.number(), basis: BasisSchema });

export const TcoItemsSchema = z.object({
  gpu: FigureSchema,
  /** Null where not counted (cloud: in the GPU price). */
  energy: FigureSchema.nullable(),
  engineers: FigureSchema,
  /** Null without a storage price (and, at full scale, a data size). */
  storage: FigureSchema.nullable(),
  total: FigureSchema,
});

export const DeploymentSchema = z.enum(['cloud', 'on-premises']);

export const TcoDeploymentSchema = z.object({
  deployment: DeploymentSchema,
  /** Cost of one GPU-hour: the cloud price, or hardware ÷ (years × 8,760 h × utilisation). */
  gpu_rate_per_hour: FigureSchema,
  /** Both pilot runs and the engineers' pilot hours. */
  pilot: TcoItemsSchema,
  /** One full-scale training per objective; null while projection or full-scale inputs are missing. */
  full_scale: z.object({ catlip: TcoItemsSchema, baseline: TcoItemsSchema }).nullable(),
  /** Baseline − CatLIP per full-scale training. */
  saving: FigureSchema.nullable(),
  /** Pilot TCO + migration effort: what the saving must pay back. */
  investment: FigureSchema,
  /** Full-scale trainings until the savings repay the investment; high null = never at the low end of the saving. */
  break_even: z.object({ low: z.number().int().nullable(), high: z.number().int().nullable() }).nullable(),
});

export const TcoSchema = z.object({
  currency: z.string(),
  /** Engineer hours used, each with its basis (measured where the app measured it). */
  engineer_hours: z.object({
    setup: FigureSchema.nullable(),
    data_preparation: FigureSchema.nullable(),
    supervision: FigureSchema.nullable(),
  }),
  deployments: z.array(TcoDeploymentSchema),
  /** Inputs without which (part of) the TCO is not computed, named with the CLI option that sets each. */
  missing: z.array(z.string()),
  notes: z.array(z.string()),
});

export type TcoSettings = z.output<typeof TcoSettingsSchema>;
export type Basis = z.output<typeof BasisSchema>;
export type Figure = z.output<typeof FigureSchema>;
export type TcoItems = z.output<typeof TcoItemsSchema>;
export type TcoDeployment = z.output<typeof TcoDeploymentSchema>;
export type Tco = z.output<typeof TcoSchema>;
