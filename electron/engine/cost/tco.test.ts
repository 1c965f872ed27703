import { describe, expect, it } from 'vitest';
import type { CostSettings, RunProjection } from '../../shared/cost.js';
import { EMPTY_TCO_SETTINGS, type TcoSettings } from '../../shared/tco.js';
import { breakEven, computeTco, type PilotUsage } from './tco.js';

// every expected value below is worked out by hand in the comment beside it

const PILOT: PilotUsage = { gpuHours: 2, energyKwh: 1, wallHours: 2, importHours: 0.5, dataTb: 0.001 };

function settings(
  tco: Partial<TcoSettings>,
  cost: Partial<CostSettings> = {},
): Pick<CostSettings, 'currency' | 'gpuCostPerHour' | 'electricityPerKwh' | 'tco'> {
  return {
    currency: 'JPY',
    gpuCostPerHour: null,
    electricityPerKwh: null,
    ...cost,
    tco: { ...EMPTY_TCO_SETTINGS, ...tco },
  };
}

/** Only the fields the TCO reads are meaningful. */
function projection(gpuHours: [number, number], energy: [number, number] | null = null): RunProjection {
  const r = (x: [number, number]) => ({ low: x[0], high: x[1] });
  return {
    run: 1,
    objective: 'catlip',
    images: 1,
    gpus: 1,
    per_gpu_batch: 1,
    per_gpu_batch_basis: 'plan',
    memory_gib_per_gpu: null,
    global_batch: 1,
    steps: 1,
    compute_hours: { ...r(gpuHours), at_pilot_rate: gpuHours[0] },
    communication: null,
    wall_hours: r([gpuHours[0] / 10, gpuHours[1] / 10]),
    gpu_hours: r(gpuHours),
    gpu_cost: null,
    energy_kwh: energy ? r(energy) : 'not measured',
    energy_cost: null,
    total_cost: null,
    total_cost_text: null,
    cost_notes: [],
  };
}

const FULL = { catlip: projection([100, 150]), baseline: { ...projection([300, 450]), objective: 'clip' as const } };
const ENGINEERS = { engineerRatePerHour: 6000, setupHours: 10, supervisionHoursPerTraining: 20, migrationHours: 40 };

describe('total cost of ownership', () => {
  it('cloud: pilot, full scale per objective, saving and break-even', () => {
    const tco = computeTco(settings(ENGINEERS, { gpuCostPerHour: 500 }), PILOT, FULL);
    expect(tco.missing).toEqual([]);
    // data preparation and supervision come from what the app measured: 0.5 h import, 2 h training
    expect(tco.engineer_hours).toEqual({
      setup: { low: 10, high: 10, basis: 'entered' },
      data_preparation: { low: 0.5, high: 0.5, basis: 'measured' },
      supervision: { low: 2, high: 2, basis: 'measured' },
    });
    const [cloud] = tco.deployments;
    expect(cloud.deployment).toBe('cloud');
    // 2 GPU-hours × ¥500 = ¥1,000; (10 + 0.5 + 2) h × ¥6,000 = ¥75,000; cloud counts no energy
    expect(cloud.pilot.gpu).toEqual({ low: 1000, high: 1000, basis: 'measured' });
    expect(cloud.pilot.energy).toBeNull();
    expect(cloud.pilot.engineers).toEqual({ low: 75000, high: 75000, basis: 'entered' });
    expect(cloud.pilot.total).toEqual({ low: 76000, high: 76000, basis: 'entered' });
    // CatLIP 100–150 GPU-h × ¥500 = ¥50,000–75,000 + 20 h × ¥6,000 = ¥170,000–195,000
    expect(cloud.full_scale!.catlip.total).toEqual({ low: 170000, high: 195000, basis: 'projected' });
    // CLIP 300–450 GPU-h × ¥500 = ¥150,000–225,000 + ¥120,000 = ¥270,000–345,000
    expect(cloud.full_scale!.baseline.total).toEqual({ low: 270000, high: 345000, basis: 'projected' });
    // saving per training: 270,000 − 170,000 = 100,000 and 345,000 − 195,000 = 150,000
    expect(cloud.saving).toEqual({ low: 100000, high: 150000, basis: 'projected' });
    // investment 76,000 + 40 h × 6,000 = 316,000: 316,000 / 150,000 = 2.1 → 3, / 100,000 = 3.16 → 4
    expect(cloud.investment.low).toBe(316000);
    expect(cloud.break_even).toEqual({ low: 3, high: 4 });
  });

  it('on premises: amortised hardware plus energy, measured or from the stated power', () => {
    const tco = computeTco(
      settings(
        { ...ENGINEERS, hardwarePricePerGpu: 3_504_000, amortisationYears: 4, utilisation: 0.5, powerWattsPerGpu: 700 },
        { gpuCostPerHour: 500, electricityPerKwh: 30 },
      ),
      PILOT,
      FULL,
    );
    expect(tco.deployments.map((d) => d.deployment)).toEqual(['cloud', 'on-premises']);
    const onPrem = tco.deployments[1];
    // 3,504,000 / (4 years × 8,760 h × 50%) = ¥200 per GPU-hour
    expect(onPrem.gpu_rate_per_hour.low).toBeCloseTo(200, 9);
    // pilot energy measured: 1 kWh × ¥30
    expect(onPrem.pilot.energy).toEqual({ low: 30, high: 30, basis: 'measured' });
    expect(onPrem.pilot.total.low).toBeCloseTo(2 * 200 + 30 + 75000, 6);
    // full scale, energy not measured: 0.7 kW × 100–150 GPU-h = 70–105 kWh × ¥30 = ¥2,100–3,150
    expect(onPrem.full_scale!.catlip.energy!.low).toBeCloseTo(2100, 6);
    expect(onPrem.full_scale!.catlip.energy!.high).toBeCloseTo(3150, 6);
    // CatLIP: 20,000–30,000 GPU + 2,100–3,150 energy + 120,000 engineers
    expect(onPrem.full_scale!.catlip.total.low).toBeCloseTo(142100, 6);
    expect(onPrem.full_scale!.catlip.total.high).toBeCloseTo(153150, 6);
  });

  it('full-scale energy follows the projection where the pilot measured it', () => {
    const full = {
      catlip: projection([100, 150], [10, 15]),
      baseline: { ...projection([300, 450], [30, 45]), objective: 'clip' as const },
    };
    const tco = computeTco(
      settings(
        { ...ENGINEERS, hardwarePricePerGpu: 1, amortisationYears: 1, utilisation: 1 },
        { electricityPerKwh: 30 },
      ),
      PILOT,
      full,
    );
    expect(tco.deployments[0].full_scale!.catlip.energy).toEqual({ low: 300, high: 450, basis: 'projected' });
  });

  it('storage: TB × price per TB-month × months of training', () => {
    const tco = computeTco(
      settings({ ...ENGINEERS, storagePerTbMonth: 2920, storageTb: 10 }, { gpuCostPerHour: 500 }),
      PILOT,
      FULL,
    );
    // CatLIP wall 10–15 h; 10 TB × ¥2,920 / 730 h per month = ¥40 per hour → ¥400–600
    const storage = tco.deployments[0].full_scale!.catlip.storage!;
    expect(storage.low).toBeCloseTo(400, 9);
    expect(storage.high).toBeCloseTo(600, 9);
    // pilot: 0.001 TB × ¥2,920 / 730 × 2 h = ¥0.008
    expect(tco.deployments[0].pilot.storage!.low).toBeCloseTo(0.008, 9);
  });

  it('names every missing input and computes nothing on guesses', () => {
    const none = computeTco(settings({}), { ...PILOT, importHours: null }, FULL);
    expect(none.deployments).toEqual([]);
    expect(none.missing).toEqual([
      'engineer rate per hour (--engineer-rate)',
      'pilot set-up hours (--setup-hours)',
      'data preparation hours (--data-prep-hours; no import time was recorded)',
      'supervision hours per full-scale training (--supervision-hours-per-training)',
      'a GPU price: per hour in the cloud (--gpu-cost-per-hour) or hardware price, amortisation years and utilisation on premises (--hardware-price, --amortisation-years, --utilisation)',
    ]);
    const partial = computeTco(
      settings({ ...ENGINEERS, hardwarePricePerGpu: 1_000_000 }),
      { ...PILOT, energyKwh: null },
      FULL,
    );
    expect(partial.missing).toEqual([
      'on-premises amortisation years (--amortisation-years)',
      'on-premises utilisation (--utilisation)',
      'on-premises electricity price per kWh (--electricity-per-kwh)',
      "on-premises power per GPU in watts (--power-watts; the pilot's energy was not measured)",
    ]);
  });

  it('gives the pilot TCO while the full-scale plan is missing', () => {
    const tco = computeTco(
      settings({ engineerRatePerHour: 6000, setupHours: 10 }, { gpuCostPerHour: 500 }),
      PILOT,
      null,
    );
    expect(tco.missing).toEqual([]);
    expect(tco.deployments[0].pilot.total.low).toBe(76000);
    expect(tco.deployments[0].full_scale).toBeNull();
    expect(tco.deployments[0].break_even).toBeNull();
    expect(tco.notes).toContain(
      'no migration effort entered (--migration-hours): the break-even counts the pilot only',
    );
  });
});

describe('break-even', () => {
  it('rounds up, and never pays back where the saving is not positive', () => {
    expect(breakEven(300, { low: 100, high: 150 })).toEqual({ low: 2, high: 3 });
    expect(breakEven(316, { low: 100, high: 150 })).toEqual({ low: 3, high: 4 });
    expect(breakEven(300, { low: -10, high: 50 })).toEqual({ low: 6, high: null });
    expect(breakEven(300, { low: -20, high: 0 })).toEqual({ low: null, high: null });
    // no investment still needs one training to realise the saving
    expect(breakEven(0, { low: 1, high: 2 })).toEqual({ low: 1, high: 1 });
  });
});
