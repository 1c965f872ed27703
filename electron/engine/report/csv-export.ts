import type { Range, RunProjection } from '../../shared/cost.js';
import { toCsv, UTF8_BOM, type CsvCell } from '../../shared/csv.js';
import type { Figure, Tco } from '../../shared/tco.js';
import { conclusion } from './conclusion.js';
import { createFormatter } from './format.js';
import { managementText } from './management-text.js';
import type { ReportData, ReportRun } from './report-data.js';
import { reportText } from './report-text.js';

/**
 * The report's data as long-format CSV, one value per row, for spreadsheets and BI tools: every metric of
 * every step, the measured time and cost, the speed-ups, the projection (or its missing inputs) and every
 * evaluation. Values are plain numbers (full precision, "." decimal), not the report's formatted text.
 */
export const CSV_COLUMNS = [
  'section',
  'run',
  'objective',
  'name',
  'dataset',
  'method',
  'init',
  'fraction',
  'step',
  'value',
  'unit',
] as const;

type Row = Partial<Record<(typeof CSV_COLUMNS)[number], CsvCell>>;

export function reportCsv(data: ReportData): string {
  const rows: Row[] = [];
  const of = (r: ReportRun) => ({ run: r.id, objective: r.role });
  const currency = data.settings.currency;
  // the conclusion first, as in every format: the three lines in the report's language
  const lines = conclusion(
    data,
    reportText(data.lang),
    managementText(data.lang),
    createFormatter(data.lang, currency),
  );
  (['speed', 'accuracy', 'saving'] as const).forEach((name, i) =>
    rows.push({ section: 'conclusion', name, value: lines[i] }),
  );

  for (const r of data.runs) {
    for (const m of r.metrics) {
      const metric = (name: string, value: number | null, unit: string) =>
        value !== null && rows.push({ section: 'metrics', ...of(r), name, step: m.step, value, unit });
      metric('loss', m.loss, '');
      metric('lr', m.lr, '');
      metric('images_per_second', m.images_per_second, 'img/s');
      metric('data_ms', m.data_ms, 'ms');
      metric('compute_ms', m.compute_ms, 'ms');
      metric('memory_mb', m.memory_mb, 'MB');
    }
  }

  for (const r of data.runs) {
    const m = r.measured;
    const put = (name: string, value: number | string | null, unit: string) =>
      value !== null && rows.push({ section: 'measured', ...of(r), name, value, unit });
    put('steps', m.steps, 'steps');
    put('images', m.images, 'images');
    put('data_seconds', m.seconds.data, 's');
    put('compute_seconds', m.seconds.compute, 's');
    put('checkpoint_seconds', m.seconds.checkpoint, 's');
    put('wall_seconds', m.seconds.wall, 's');
    put('images_per_second', m.images_per_second, 'img/s');
    put('compute_images_per_second', m.compute_images_per_second, 'img/s');
    put('gpu_hours', m.gpu_hours, 'GPU-h');
    put('energy_kwh', m.energy_kwh, typeof m.energy_kwh === 'number' ? 'kWh' : '');
    put('gpu_cost', m.gpu_cost, currency);
    put('energy_cost', m.energy_cost, currency);
  }

  data.comparisons.forEach((c, i) => {
    const baseline = data.runs[i + 1];
    const put = (name: string, value: number | null) =>
      value !== null &&
      rows.push({ section: 'speedup', ...of(data.catlip), name: `${name}_vs_${baseline.role}`, value, unit: '×' });
    put('measured_wall', c.speedup.measured.wall);
    put('measured_compute', c.speedup.measured.compute);
    if ('speedup' in c.projected) {
      put('projected_low', c.projected.speedup.low);
      put('projected_high', c.projected.speedup.high);
    } else {
      for (const missing of c.projected.missing)
        rows.push({ section: 'projection', ...of(baseline), name: 'missing_input', value: missing });
    }
  });

  for (const r of data.runs) if (r.projected) rows.push(...projectionRows(r, r.projected, currency));

  rows.push(...tcoRows(data.comparisons[0].tco, currency));
  for (const d of data.provenance) {
    rows.push({
      section: 'licence',
      dataset: d.dataset,
      name: 'licence',
      value: d.licences.join('; ') || 'unknown',
      unit: d.state,
    });
    if (d.consent_notes)
      rows.push({ section: 'licence', dataset: d.dataset, name: 'consent_notes', value: d.consent_notes });
    for (const i of d.imports) {
      rows.push({ section: 'licence', dataset: d.dataset, name: 'source', value: i.source_path, unit: i.imported_at });
      for (const file of i.files)
        rows.push({
          section: 'licence',
          dataset: d.dataset,
          name: `sha256 ${file.path}`,
          value: file.sha256,
          unit: `${file.bytes} bytes`,
        });
    }
  }

  for (const row of data.accuracy) {
    row.results.forEach((e, i) => {
      if (!e) return;
      const base = {
        section: 'evaluation',
        ...of(data.runs[i]),
        dataset: row.dataset,
        method: row.method,
        init: row.init,
        fraction: row.fraction,
      };
      rows.push({ ...base, name: 'top1', value: e.top1, unit: 'share' });
      if (e.top5 !== null) rows.push({ ...base, name: 'top5', value: e.top5, unit: 'share' });
      rows.push({ ...base, name: 'test_items', value: e.test_items, unit: 'images' });
    });
  }

  return UTF8_BOM + toCsv([[...CSV_COLUMNS], ...rows.map((r) => CSV_COLUMNS.map((c) => r[c]))]);
}

function projectionRows(r: ReportRun, p: RunProjection, currency: string): Row[] {
  const rows: Row[] = [];
  const base = { section: 'projection', run: r.id, objective: r.role };
  const range = (name: string, x: Range | null, unit: string) => {
    if (!x) return;
    rows.push(
      { ...base, name: `${name}_low`, value: x.low, unit },
      { ...base, name: `${name}_high`, value: x.high, unit },
    );
  };
  rows.push(
    { ...base, name: 'images', value: p.images, unit: 'images' },
    { ...base, name: 'global_batch', value: p.global_batch, unit: 'images' },
    { ...base, name: 'steps', value: p.steps, unit: 'steps' },
    { ...base, name: 'compute_hours_at_pilot_rate', value: p.compute_hours.at_pilot_rate, unit: 'h' },
  );
  range('compute_hours', p.compute_hours, 'h');
  range('communication_hours', p.communication?.hours ?? null, 'h');
  range('wall_hours', p.wall_hours, 'h');
  range('gpu_hours', p.gpu_hours, 'GPU-h');
  range('energy_kwh', p.energy_kwh === 'not measured' ? null : p.energy_kwh, 'kWh');
  range('total_cost', p.total_cost, currency);
  return rows;
}

/** TCO figures as "deployment.part.item.low|high" rows, each item's basis in a ".basis" row; missing inputs named. */
function tcoRows(tco: Tco | undefined, currency: string): Row[] {
  if (!tco) return [];
  const rows: Row[] = [];
  const put = (name: string, f: Figure | null, unit = currency) => {
    if (!f) return;
    rows.push(
      { section: 'tco', name: `${name}.low`, value: f.low, unit },
      { section: 'tco', name: `${name}.high`, value: f.high, unit },
      { section: 'tco', name: `${name}.basis`, value: f.basis },
    );
  };
  for (const [key, f] of Object.entries(tco.engineer_hours)) put(`engineer_hours.${key}`, f, 'h');
  for (const d of tco.deployments) {
    put(`${d.deployment}.gpu_rate_per_hour`, d.gpu_rate_per_hour);
    const parts = [
      ['pilot', d.pilot],
      ['full_scale.catlip', d.full_scale?.catlip],
      ['full_scale.baseline', d.full_scale?.baseline],
    ] as const;
    for (const [part, items] of parts) {
      if (!items) continue;
      for (const item of ['gpu', 'energy', 'engineers', 'storage', 'total'] as const)
        put(`${d.deployment}.${part}.${item}`, items[item]);
    }
    put(`${d.deployment}.saving`, d.saving);
    put(`${d.deployment}.investment`, d.investment);
    if (d.break_even) {
      rows.push(
        {
          section: 'tco',
          name: `${d.deployment}.break_even.low`,
          value: d.break_even.low ?? 'never',
          unit: 'trainings',
        },
        {
          section: 'tco',
          name: `${d.deployment}.break_even.high`,
          value: d.break_even.high ?? 'never',
          unit: 'trainings',
        },
      );
    }
  }
  for (const missing of tco.missing) rows.push({ section: 'tco', name: 'missing_input', value: missing });
  return rows;
}
