import { compareRuns, describeHardware } from '../../cost/compare.js';
import type { Comparison, CostSettingsPatch, MeasuredWithCost, Range, RunProjection } from '../../../shared/cost.js';
import type { Figure, Tco, TcoSettings } from '../../../shared/tco.js';
import { formatRange } from '../../cost/projection.js';
import { formatMoney } from '../../cost/settings.js';
import { enumOption, numberOption, UsageError, type Command, type CommandContext, type Output } from '../command.js';
import { formatSeconds, percent, table } from '../output.js';

/** Cost and plan options shared with `export` (the plan half). */
export const PLAN_OPTIONS = {
  'plan-images': { type: 'string' },
  'plan-epochs': { type: 'string' },
  'plan-gpus': { type: 'string' },
  'plan-batch': { type: 'string' },
} as const;

/** Plan options only the projection reads: the GPU's memory (largest batch per objective) and the baseline's GPU count. */
const PROJECTION_PLAN_OPTIONS = {
  'plan-gpu-memory': { type: 'string' },
  'plan-baseline-gpus': { type: 'string' },
} as const;

/** Total-cost-of-ownership options: CLI name → key of the saved TCO settings (shared/tco.ts). */
export const TCO_OPTIONS = {
  'hardware-price': 'hardwarePricePerGpu',
  'amortisation-years': 'amortisationYears',
  utilisation: 'utilisation',
  'power-watts': 'powerWattsPerGpu',
  'engineer-rate': 'engineerRatePerHour',
  'setup-hours': 'setupHours',
  'data-prep-hours': 'dataPreparationHours',
  'supervision-hours': 'supervisionHours',
  'supervision-hours-per-training': 'supervisionHoursPerTraining',
  'migration-hours': 'migrationHours',
  'storage-per-tb-month': 'storagePerTbMonth',
  'storage-tb': 'storageTb',
} as const satisfies Record<string, keyof TcoSettings>;

export const compareCommand: Command = {
  name: 'compare',
  usage:
    'compare --runs A,B [--gpu-cost-per-hour X] [--currency JPY|USD|…] [--electricity-per-kwh X] [--plan-images N --plan-epochs E --plan-gpus K] [--plan-batch B] [--plan-gpu-memory GIB] [--plan-baseline-gpus K] [--bandwidth GBPS] [--precision bf16|fp32] ' +
    '[--engineer-rate X --setup-hours H] [--data-prep-hours H] [--supervision-hours H] [--supervision-hours-per-training H] [--migration-hours H] ' +
    '[--hardware-price X --amortisation-years Y --utilisation U] [--power-watts W] [--storage-per-tb-month X --storage-tb T] [--repeat-runs C,B/C,B…] [--allow-mismatch] [--save]',
  summary:
    'CatLIP vs its CLIP / SuperClass baseline: measured time, GPU-hours, energy and cost, projected to the full-scale plan, and the total cost of ownership (cloud and/or on-premises) with its break-even (--save keeps the inputs)',
  positionals: [0, 0],
  options: {
    runs: { type: 'string' },
    'gpu-cost-per-hour': { type: 'string' },
    currency: { type: 'string' },
    'electricity-per-kwh': { type: 'string' },
    ...PLAN_OPTIONS,
    ...PROJECTION_PLAN_OPTIONS,
    bandwidth: { type: 'string' },
    precision: { type: 'string' },
    ...Object.fromEntries(Object.keys(TCO_OPTIONS).map((name) => [name, { type: 'string' as const }])),
    save: { type: 'boolean', default: false },
    'allow-mismatch': { type: 'boolean', default: false },
    'repeat-runs': { type: 'string' },
  },
  async run(ctx) {
    const runs = runsOption(ctx.values.runs);
    const settings: CostSettingsPatch = {
      gpuCostPerHour: numberOption(ctx.values, 'gpu-cost-per-hour'),
      currency: typeof ctx.values.currency === 'string' ? ctx.values.currency.toUpperCase() : undefined,
      electricityPerKwh: numberOption(ctx.values, 'electricity-per-kwh'),
      embeddingPrecision:
        ctx.values.precision === undefined
          ? undefined
          : enumOption(['bf16', 'fp32'] as const, ctx.values.precision, 'precision'),
      plan: {
        ...planOptions(ctx.values),
        ...projectionPlanOptions(ctx.values),
        bandwidthGBps: numberOption(ctx.values, 'bandwidth'),
      },
      tco: Object.fromEntries(Object.entries(TCO_OPTIONS).map(([name, key]) => [key, numberOption(ctx.values, name)])),
    };
    const comparison = compareRuns(ctx.engine().db, {
      runs,
      settings,
      save: ctx.values.save === true,
      allowMismatch: ctx.values['allow-mismatch'] === true,
      repeats: repeatRunsOption(ctx.values['repeat-runs'], 2) as [number, number][],
    });
    printComparison(comparison, ctx.out);
    if (ctx.values.save === true) ctx.out.note('saved these cost settings and plan as the defaults');
    ctx.out.result(comparison);
  },
};

/** --plan-* options as a plan patch (validated with the settings schema, which names the field at fault). */
export function planOptions(values: CommandContext['values']): {
  images?: number;
  epochs?: number;
  gpus?: number;
  perGpuBatch?: number;
} {
  return {
    images: numberOption(values, 'plan-images'),
    epochs: numberOption(values, 'plan-epochs'),
    gpus: numberOption(values, 'plan-gpus'),
    perGpuBatch: numberOption(values, 'plan-batch'),
  };
}

function projectionPlanOptions(values: CommandContext['values']): { gpuMemoryGB?: number; baselineGpus?: number } {
  return {
    gpuMemoryGB: numberOption(values, 'plan-gpu-memory'),
    baselineGpus: numberOption(values, 'plan-baseline-gpus'),
  };
}

/**
 * --repeat-runs "5,6/7,8": the same pilot's runs with other seeds, one set per seed in the order of --runs
 * (`size` ids each), separated by "/".
 */
export function repeatRunsOption(value: unknown, size: number): number[][] {
  if (value === undefined) return [];
  const sets = typeof value === 'string' ? value.split('/').map((set) => set.split(',').map((id) => id.trim())) : [];
  if (!sets.length || sets.some((set) => set.length !== size || set.some((id) => !/^\d+$/.test(id)))) {
    throw new UsageError(
      `--repeat-runs takes the runs of each further seed in the order of --runs, ${size} ids per seed, seeds separated by "/", e.g. --repeat-runs ${size === 2 ? '5,6/7,8' : '5,6,7/8,9,10'}; got "${String(value)}"`,
    );
  }
  return sets.map((set) => set.map(Number));
}

function runsOption(value: unknown): [number, number] {
  const match = typeof value === 'string' ? /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(value) : null;
  if (!match)
    throw new UsageError(
      `--runs takes two run ids, e.g. --runs 3,4 (see catlip-pilot runs); got "${String(value ?? '')}"`,
    );
  return [Number(match[1]), Number(match[2])];
}

export function printComparison(c: Comparison, out: Output): void {
  const { catlip, baseline } = c.measured;
  const currency = c.settings.currency;
  const money = (x: number | null) => (x === null ? '-' : formatMoney(x, currency));
  const split = (m: MeasuredWithCost, key: 'data' | 'compute' | 'checkpoint') =>
    `${formatSeconds(m.seconds[key])} (${m.share ? percent(m.share[key]) : '-'})`;
  const head = (m: MeasuredWithCost) => `${m.objective} (run ${m.run})`;
  if (c.hardware_mismatch) {
    out.line(
      `CAUTION: the speed-up mixes hardware and objective: CatLIP trained on ${describeHardware(c.hardware_mismatch.catlip)}, ${baseline.objective} on ${describeHardware(c.hardware_mismatch.baseline)}`,
    );
  }
  out.line(
    `measured on the pilot: ${catlip.encoder.model} ${catlip.encoder.imageSize} px / patch ${catlip.encoder.patchSize}, dataset ${catlip.dataset}, batch ${catlip.batch}, ${catlip.device ?? 'unknown device'}`,
  );
  out.line(
    table([
      ['', head(catlip), head(baseline)],
      ['images', count(catlip.images), count(baseline.images)],
      ['wall time', formatSeconds(catlip.seconds.wall), formatSeconds(baseline.seconds.wall)],
      ['  data loading', split(catlip, 'data'), split(baseline, 'data')],
      ['  compute', split(catlip, 'compute'), split(baseline, 'compute')],
      ['  checkpointing', split(catlip, 'checkpoint'), split(baseline, 'checkpoint')],
      ['images/s', fixed(catlip.images_per_second, 1), fixed(baseline.images_per_second, 1)],
      ['GPU-hours', fixed(catlip.gpu_hours, 4), fixed(baseline.gpu_hours, 4)],
      ['energy', energy(catlip), energy(baseline)],
      ['GPU cost', money(catlip.gpu_cost), money(baseline.gpu_cost)],
    ]),
  );
  const sm = c.speedup.measured;
  out.line(`speed-up, measured: ${times(sm.wall)} per image over wall time, ${times(sm.compute)} over compute time`);
  printUncertainty(c, out);
  out.line();

  const p = c.projected;
  if (!('speedup' in p)) {
    out.line(`${p.label}: needs ${p.missing.join(', ')}`);
  } else {
    const plan = p.inputs.plan as { images_to_process: number };
    out.line(`${p.label}: ${count(plan.images_to_process)} images`);
    const gib = (r: typeof p.catlip) =>
      r.memory_gib_per_gpu === null ? '—' : `${r.memory_gib_per_gpu.toPrecision(3)} GiB`;
    const basis = (r: typeof p.catlip) =>
      ({ plan: 'the plan', pilot: 'the pilot', memory: 'fits GPU', 'capped-by-memory': 'capped to fit GPU' })[
        r.per_gpu_batch_basis
      ];
    out.line(
      table([
        ['', head(catlip), head(baseline)],
        ['GPUs', count(p.catlip.gpus), count(p.baseline.gpus)],
        [
          'batch per GPU',
          `${count(p.catlip.per_gpu_batch)} (${basis(p.catlip)})`,
          `${count(p.baseline.per_gpu_batch)} (${basis(p.baseline)})`,
        ],
        ['memory per GPU (est.)', gib(p.catlip), gib(p.baseline)],
        [
          'global batch, steps',
          `${count(p.catlip.global_batch)}, ${count(p.catlip.steps)}`,
          `${count(p.baseline.global_batch)}, ${count(p.baseline.steps)}`,
        ],
        ['compute time', duration(p.catlip.compute_hours), duration(p.baseline.compute_hours)],
        ['all-gather time', comm(p.catlip), comm(p.baseline)],
        ['wall time', duration(p.catlip.wall_hours), duration(p.baseline.wall_hours)],
        ['GPU-hours', hours(p.catlip.gpu_hours), hours(p.baseline.gpu_hours)],
        ['cost', cost(p.catlip, currency), cost(p.baseline, currency)],
      ]),
    );
    const [low, high] = [times(p.speedup.low), times(p.speedup.high)];
    out.line(`speed-up, projected: ${low === high ? low : `${low}–${high}`}`);
    for (const note of new Set([...p.catlip.cost_notes, ...p.baseline.cost_notes])) out.line(`  note: ${note}`);
    out.line('assumptions:');
    for (const a of p.assumptions) out.line(`  - ${a}`);
  }
  if (c.tco) printTco(c.tco, out);
  for (const w of c.warnings) out.note(`warning: ${w}`);
}

/** The seeds' 95% intervals (speed-up, accuracy differences) and which of them are within noise. */
function printUncertainty(c: Comparison, out: Output): void {
  const r = c.repeats;
  const seeds = r.pairs.length;
  const wall = r.speedup.wall;
  out.line(
    wall
      ? `  over ${seeds} seeds: ${times(wall.mean)} ± ${(wall.high - wall.mean).toFixed(2)} (95% t-interval ${times(wall.low)}–${times(wall.high)})${r.speedup_within_noise ? ': within noise' : ''}`
      : '  one seed: no interval for the speed-up (repeat the pilot with --repeats 3 for one)',
  );
  for (const a of r.accuracy) {
    const d = a.difference;
    const pt = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;
    const method =
      d.method === 't-over-seeds' ? `95% t-interval over ${d.n} seeds` : '95% bootstrap over test images, one seed';
    out.line(
      `accuracy, ${a.method} on ${a.dataset} (${a.init}, ${Math.round(a.fraction * 100)}% labels): CatLIP − baseline ${pt(d.mean)} pt [${pt(d.low)}, ${pt(d.high)}] (${method})${a.within_noise ? ': within noise' : ''}`,
    );
  }
}

/** The TCO per deployment: pilot, one full-scale training per objective, saving and break-even; each figure's basis in brackets. */
function printTco(tco: Tco, out: Output): void {
  out.line();
  const money = (f: Figure | null) => (f === null ? '-' : `${formatRange(f, tco.currency)} [${f.basis}]`);
  for (const d of tco.deployments) {
    out.line(`total cost of ownership, ${d.deployment} (GPU-hour ${money(d.gpu_rate_per_hour)}):`);
    const rows: string[][] = [['', 'pilot', 'CatLIP, full scale', 'baseline, full scale']];
    const fs = d.full_scale;
    for (const [name, key] of [
      ['GPU', 'gpu'],
      ['energy', 'energy'],
      ['engineers', 'engineers'],
      ['storage', 'storage'],
      ['total', 'total'],
    ] as const) {
      rows.push([name, money(d.pilot[key]), money(fs?.catlip[key] ?? null), money(fs?.baseline[key] ?? null)]);
    }
    out.line(table(rows));
    if (d.saving) out.line(`saving per full-scale training: ${money(d.saving)}`);
    if (d.break_even) {
      const count = (n: number | null) => (n === null ? 'never' : String(n));
      const [low, high] = [count(d.break_even.low), count(d.break_even.high)];
      out.line(
        `break-even: ${low === high ? low : `${low}–${high}`} full-scale trainings repay ${money(d.investment)} (pilot + migration)`,
      );
    }
  }
  if (tco.missing.length) out.line(`total cost of ownership needs: ${tco.missing.join('; ')}`);
  for (const note of tco.notes) out.line(`  note: ${note}`);
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function fixed(x: number | null, digits: number): string {
  return x === null ? '-' : x.toFixed(digits);
}

function times(x: number | null): string {
  return x === null ? 'n/a' : `${x.toFixed(2)}×`;
}

function energy(m: MeasuredWithCost): string {
  return typeof m.energy_kwh === 'number' ? `${m.energy_kwh.toPrecision(3)} kWh` : m.energy_kwh;
}

function hours(r: Range): string {
  const f = (x: number) => (x === 0 ? '0' : Number(x.toPrecision(3)).toString());
  return f(r.low) === f(r.high) ? f(r.low) : `${f(r.low)}–${f(r.high)}`;
}

/** A range of hours as durations ("2 h 52 min–4 h 18 min"). */
function duration(r: Range): string {
  const [low, high] = [formatSeconds(r.low * 3600), formatSeconds(r.high * 3600)];
  return low === high ? low : `${low}–${high}`;
}

function comm(p: RunProjection): string {
  return p.communication ? duration(p.communication.hours) : 'none';
}

function cost(p: RunProjection, currency: string): string {
  return p.total_cost ? formatRange(p.total_cost, currency) : '-';
}
