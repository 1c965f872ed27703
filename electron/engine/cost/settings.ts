import { describeZodError, EngineError } from '../../shared/errors.js';
import { CostSettingsSchema, type CostSettings, type CostSettingsPatch } from '../../shared/cost.js';
import { EMPTY_TCO_SETTINGS } from '../../shared/tco.js';
import type { Db } from '../store/database.js';
import { getSettingJson, putSettingJson } from '../store/settings-repository.js';

/**
 * The user's cost inputs and full-scale plan, saved as one JSON value under the key 'cost' of the settings
 * table. Prices and the plan have no built-in values: nobody but the user knows their GPU price, and a
 * projection with an invented price would look like a result. Unset (null) inputs are named in the
 * comparison as missing. The modelling ranges (throughput variation, interconnect efficiency) do have
 * defaults: they are assumptions of the projection, printed with it, and can be changed here.
 */

export const COST_SETTINGS_KEY = 'cost';

export const DEFAULT_COST_SETTINGS: CostSettings = {
  // the currency of the team this pilot was built for; any ISO code can be saved
  currency: 'JPY',
  gpuCostPerHour: null,
  electricityPerKwh: null,
  plan: { images: null, epochs: null, gpus: null, bandwidthGBps: null, perGpuBatch: null },
  embeddingPrecision: 'bf16',
  throughputVariation: 0.2,
  bandwidthEfficiency: { low: 0.5, high: 0.9 },
  tco: { ...EMPTY_TCO_SETTINGS },
};

/** Saved settings over the defaults. A saved value that no longer validates is an error naming the field. */
export function getCostSettings(db: Db): CostSettings {
  const json = getSettingJson(db, COST_SETTINGS_KEY);
  if (json === undefined) return structuredClone(DEFAULT_COST_SETTINGS);
  return validate(merge(DEFAULT_COST_SETTINGS, JSON.parse(json) as CostSettingsPatch), 'saved cost settings');
}

/** The saved settings with `patch` applied, validated, not saved (a one-off comparison). */
export function resolveCostSettings(db: Db, patch: CostSettingsPatch = {}): CostSettings {
  return validate(merge(getCostSettings(db), patch), 'cost settings');
}

/** Applies `patch` to the saved settings, validates and saves them; returns what was saved. */
export function setCostSettings(db: Db, patch: CostSettingsPatch): CostSettings {
  const next = resolveCostSettings(db, patch);
  putSettingJson(db, COST_SETTINGS_KEY, JSON.stringify(next));
  return next;
}

/** Money in the settings' currency, e.g. "¥1,234" or "$1,234.50"; locale defaults to the system's. */
export function formatMoney(amount: number, currency: string, locale?: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
}

function merge(base: CostSettings, patch: CostSettingsPatch): CostSettings {
  const defined = <T extends object>(o: T | undefined): Partial<T> =>
    Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    ...base,
    ...defined(patch),
    plan: { ...base.plan, ...defined(patch.plan) },
    bandwidthEfficiency: { ...base.bandwidthEfficiency, ...defined(patch.bandwidthEfficiency) },
    tco: { ...EMPTY_TCO_SETTINGS, ...base.tco, ...defined(patch.tco) },
  } as CostSettings;
}

function validate(value: CostSettings, what: string): CostSettings {
  const parsed = CostSettingsSchema.safeParse(value);
  if (!parsed.success) throw new EngineError('invalid-request', `${what}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
