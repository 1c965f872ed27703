import type { CostSettings, Range, RunProjection } from '../../shared/cost.js';
import { engineNote } from '../../shared/engine-notes.js';
import {
  EMPTY_TCO_SETTINGS,
  type Basis,
  type Figure,
  type Tco,
  type TcoDeployment,
  type TcoItems,
} from '../../shared/tco.js';

/**
 * Total cost of ownership: GPU time, energy, engineers and storage, for the pilot and for one full-scale
 * training per objective, in the cloud and/or on premises, the saving per training and its break-even.
 *
 * Cloud: the GPU price per hour, which includes power, cooling and the machine. On premises: the hardware
 * written off over its years at its utilisation (price ÷ (years × 8,760 h × utilisation) per GPU-hour) plus
 * electricity, from the pilot's measured energy or else the stated power draw. Engineers: hours × rate;
 * the pilot's data preparation and supervision hours default to what the app measured (import time,
 * training wall time). Storage: TB × price per TB-month × the months training takes.
 * Break-even: the pilot's TCO plus the migration effort, divided by the saving per full-scale training,
 * rounded up; at the low end of the saving it may never pay back.
 */

export const HOURS_PER_YEAR = 8760;
export const HOURS_PER_MONTH = HOURS_PER_YEAR / 12;

/** What the pilot measured, summed over the compared runs. */
export interface PilotUsage {
  gpuHours: number;
  /** Measured energy of the runs, or null where any run's was not measured. */
  energyKwh: number | null;
  /** Training wall time: the supervision hours unless entered. */
  wallHours: number;
  /** Measured import time of the pilot's dataset; null where none was recorded. */
  importHours: number | null;
  /** Size of the pilot's image cache. */
  dataTb: number;
}

export function computeTco(
  settings: Pick<CostSettings, 'currency' | 'gpuCostPerHour' | 'electricityPerKwh' | 'tco'>,
  pilot: PilotUsage,
  full: { catlip: RunProjection; baseline: RunProjection } | null,
): Tco {
  const s = { ...EMPTY_TCO_SETTINGS, ...settings.tco };
  const missing: string[] = [];
  const notes: string[] = [];

  const hours = (entered: number | null, measured: number | null): Figure | null =>
    entered !== null ? point(entered, 'entered') : measured !== null ? point(measured, 'measured') : null;
  const engineerHours = {
    setup: hours(s.setupHours, null),
    data_preparation: hours(s.dataPreparationHours, pilot.importHours),
    supervision: hours(s.supervisionHours, pilot.wallHours),
  };
  if (s.engineerRatePerHour === null) missing.push(engineNote('tco.missing.engineerRate'));
  if (engineerHours.setup === null) missing.push(engineNote('tco.missing.setupHours'));
  if (engineerHours.data_preparation === null) missing.push(engineNote('tco.missing.dataPrepHours'));
  if (full && s.supervisionHoursPerTraining === null) missing.push(engineNote('tco.missing.supervisionHours'));
  if (s.migrationHours === null) notes.push(engineNote('tco.noMigration'));
  if (s.storagePerTbMonth === null) notes.push(engineNote('tco.noStoragePrice'));
  else if (full && s.storageTb === null) notes.push(engineNote('tco.noStorageSize'));

  // which deployments the user priced; on premises needs all three hardware inputs and electricity
  const rates: { deployment: TcoDeployment['deployment']; rate: number; energyPrice: number | null }[] = [];
  if (settings.gpuCostPerHour !== null)
    rates.push({ deployment: 'cloud', rate: settings.gpuCostPerHour, energyPrice: null });
  const onPrem = [s.hardwarePricePerGpu, s.amortisationYears, s.utilisation];
  if (onPrem.some((x) => x !== null)) {
    const named = [
      ['tco.missing.hardwarePrice', s.hardwarePricePerGpu],
      ['tco.missing.amortisationYears', s.amortisationYears],
      ['tco.missing.utilisation', s.utilisation],
      ['tco.missing.electricityPrice', settings.electricityPerKwh],
    ] as const;
    const lacking = named.filter(([, v]) => v === null).map(([id]) => engineNote(id));
    if (pilot.energyKwh === null && s.powerWattsPerGpu === null) lacking.push(engineNote('tco.missing.powerWatts'));
    if (lacking.length) missing.push(...lacking);
    else
      rates.push({
        deployment: 'on-premises',
        rate: s.hardwarePricePerGpu! / (s.amortisationYears! * HOURS_PER_YEAR * s.utilisation!),
        energyPrice: settings.electricityPerKwh!,
      });
  } else if (settings.gpuCostPerHour === null) {
    missing.push(engineNote('tco.missing.gpuPrice'));
  }

  const rate = s.engineerRatePerHour;
  const blocked = rate === null || engineerHours.setup === null || engineerHours.data_preparation === null;
  const deployments = blocked
    ? []
    : rates.map(({ deployment, rate: gpuRate, energyPrice }): TcoDeployment => {
        const energyOf = (kwh: Range | null, gpuHours: Range, basis: Basis): Figure | null => {
          if (energyPrice === null) return null;
          // measured kWh where the pilot measured it; else the stated power draw over the GPU-hours
          const k = kwh ?? scale(gpuHours, s.powerWattsPerGpu! / 1000);
          return { ...scale(k, energyPrice), basis: kwh === null && basis === 'measured' ? 'entered' : basis };
        };
        const storageOf = (tb: number | null, wallHours: Range, basis: Basis): Figure | null =>
          s.storagePerTbMonth === null || tb === null
            ? null
            : { ...scale(wallHours, (tb * s.storagePerTbMonth) / HOURS_PER_MONTH), basis };

        const pilotHours =
          engineerHours.setup!.low + engineerHours.data_preparation!.low + engineerHours.supervision!.low;
        const pilotEngineersBasis = [
          engineerHours.setup!,
          engineerHours.data_preparation!,
          engineerHours.supervision!,
        ].some((h) => h.basis === 'entered')
          ? 'entered'
          : 'measured';
        const pilotGpuHours = { low: pilot.gpuHours, high: pilot.gpuHours };
        const pilotItems = items({
          gpu: { ...scale(pilotGpuHours, gpuRate), basis: 'measured' },
          energy: energyOf(
            pilot.energyKwh === null ? null : { low: pilot.energyKwh, high: pilot.energyKwh },
            pilotGpuHours,
            'measured',
          ),
          engineers: point(pilotHours * rate!, pilotEngineersBasis),
          storage: storageOf(pilot.dataTb, { low: pilot.wallHours, high: pilot.wallHours }, 'measured'),
        });

        let fullScale: TcoDeployment['full_scale'] = null;
        if (full && s.supervisionHoursPerTraining !== null) {
          const one = (p: RunProjection) =>
            items({
              gpu: { ...scale(p.gpu_hours, gpuRate), basis: 'projected' },
              energy: energyOf(p.energy_kwh === 'not measured' ? null : p.energy_kwh, p.gpu_hours, 'projected'),
              engineers: point(s.supervisionHoursPerTraining! * rate!, 'projected'),
              storage: storageOf(s.storageTb, p.wall_hours, 'projected'),
            });
          fullScale = { catlip: one(full.catlip), baseline: one(full.baseline) };
        }
        const investment = point(pilotItems.total.low + (s.migrationHours ?? 0) * rate!, 'entered');
        const saving = fullScale && pairedDifference(fullScale.baseline.total, fullScale.catlip.total);
        return {
          deployment,
          gpu_rate_per_hour: point(gpuRate, 'entered'),
          pilot: pilotItems,
          full_scale: fullScale,
          saving,
          investment,
          break_even: saving && breakEven(investment.low, saving),
        };
      });
  if (rates.some((r) => r.deployment === 'cloud')) notes.push(engineNote('tco.cloudPower'));
  return { currency: settings.currency, engineer_hours: engineerHours, deployments, missing, notes };
}

/**
 * Full-scale trainings until `saving` per training repays `investment`: the fewest at the high saving,
 * the most at the low one; null where that end saves nothing (it never pays back).
 */
export function breakEven(investment: number, saving: Range): { low: number | null; high: number | null } {
  const count = (perTraining: number) =>
    perTraining > 0 ? Math.max(1, Math.ceil(investment / perTraining - 1e-9)) : null;
  return { low: count(saving.high), high: count(saving.low) };
}

/** a − b at each end, both ends sharing one assumption (low with low, high with high), sorted. */
export function pairedDifference(a: Figure, b: Figure): Figure {
  const ends = [a.low - b.low, a.high - b.high];
  return { low: Math.min(...ends), high: Math.max(...ends), basis: 'projected' };
}

function items(parts: Omit<TcoItems, 'total'>): TcoItems {
  const present = [parts.gpu, parts.energy, parts.engineers, parts.storage].filter((x): x is Figure => x !== null);
  return {
    ...parts,
    total: {
      low: sum(present.map((x) => x.low)),
      high: sum(present.map((x) => x.high)),
      basis: weakest(present.map((x) => x.basis)),
    },
  };
}

/** A sum is as firm as its least firm part: projected < entered < measured. */
function weakest(bases: Basis[]): Basis {
  return bases.includes('projected') ? 'projected' : bases.includes('entered') ? 'entered' : 'measured';
}

function point(x: number, basis: Basis): Figure {
  return { low: x, high: x, basis };
}

function scale(r: Range, factor: number): Range {
  return { low: r.low * factor, high: r.high * factor };
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
