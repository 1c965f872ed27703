import type { CostSettings } from '../../shared/cost.js';
import {
  EMPTY_TCO_SETTINGS,
  type Figure,
  type Tco,
  type TcoDeployment,
  type TcoItems,
  type TcoSettings,
} from '../../shared/tco.js';
import { missingNames } from './conclusion.js';
import type { Formatter } from './format.js';
import type { ManagementText } from './management-text.js';
import type { Block } from './report-document.js';
import type { ReportText } from './report-text.js';

/**
 * The report's "Total cost of ownership" section: cloud and on-premises side by side (one column each),
 * then each deployment's items for the pilot and one full-scale training per objective, the engineers'
 * pilot hours, and what is missing. Every figure is followed by its basis (measured / entered / projected).
 */
export function tcoSection(
  tco: Tco | undefined,
  baselineName: string,
  t: ReportText,
  m: ManagementText,
  f: Formatter,
): Block[] {
  const x = m.tco;
  const blocks: Block[] = [
    { type: 'heading', level: 2, text: x.section },
    { type: 'paragraph', text: x.intro, note: true },
  ];
  if (!tco) return blocks;
  const fig = (v: Figure | null) => (v === null ? '–' : `${f.moneyRange(v)} (${m.basis[v.basis]})`);
  const hours = (v: Figure | null) => (v === null ? '–' : `${f.sig(v.low, 3)} (${m.basis[v.basis]})`);

  const e = tco.engineer_hours;
  blocks.push(
    { type: 'heading', level: 3, text: x.hours.heading },
    {
      type: 'table',
      columns: [
        { label: x.item, align: 'left', weight: 1.6 },
        { label: x.hours.value, align: 'right' },
      ],
      rows: [
        [x.hours.setup, hours(e.setup)],
        [x.hours.dataPreparation, hours(e.data_preparation)],
        [x.hours.supervision, hours(e.supervision)],
      ],
    },
  );

  if (tco.deployments.length) {
    const d = tco.deployments;
    blocks.push(
      { type: 'heading', level: 3, text: x.sideBySide },
      {
        type: 'table',
        id: 'tco',
        columns: [
          { label: x.item, align: 'left', weight: 1.6 },
          ...d.map((dep) => ({ label: x.deployment[dep.deployment], align: 'right' as const })),
        ],
        rows: [
          [x.rows.gpuRate, ...d.map((dep) => fig(dep.gpu_rate_per_hour))],
          [x.pilot, ...d.map((dep) => fig(dep.pilot.total))],
          [x.fullScale(t.role.catlip), ...d.map((dep) => fig(dep.full_scale?.catlip.total ?? null))],
          [x.fullScale(baselineName), ...d.map((dep) => fig(dep.full_scale?.baseline.total ?? null))],
          [x.rows.saving, ...d.map((dep) => fig(dep.saving))],
          [x.rows.investment, ...d.map((dep) => fig(dep.investment))],
          [x.rows.breakEven, ...d.map((dep) => breakEvenText(dep, m, f))],
        ],
      },
    );
    for (const dep of d) {
      const item = (name: string, key: keyof TcoItems) => [
        name,
        fig(dep.pilot[key]),
        fig(dep.full_scale?.catlip[key] ?? null),
        fig(dep.full_scale?.baseline[key] ?? null),
      ];
      blocks.push(
        { type: 'heading', level: 3, text: x.detail(x.deployment[dep.deployment]) },
        {
          type: 'table',
          columns: [
            { label: x.item, align: 'left', weight: 1.2 },
            { label: x.pilot, align: 'right' },
            { label: x.fullScale(t.role.catlip), align: 'right' },
            { label: x.fullScale(baselineName), align: 'right' },
          ],
          rows: [
            item(x.rows.gpu, 'gpu'),
            item(x.rows.energy, 'energy'),
            item(x.rows.engineers, 'engineers'),
            item(x.rows.storage, 'storage'),
            item(x.rows.total, 'total'),
          ],
        },
      );
    }
  }
  const notes: string[] = [];
  const missing = missingNames(tco.missing, t, m, f);
  if (missing) notes.push(x.missing(missing));
  for (const n of tco.notes) {
    if (n.startsWith('no migration')) notes.push(x.notes.migration);
    else if (n.startsWith('storage')) notes.push(x.notes.storage);
    else if (n.startsWith('full-scale storage')) notes.push(x.notes.fullStorage);
    else if (n.startsWith('cloud')) notes.push(x.notes.cloudEnergy);
    else notes.push(n);
  }
  if (notes.length) blocks.push({ type: 'list', items: notes, id: 'tco-missing' });
  return blocks;
}

export function breakEvenText(dep: TcoDeployment, m: ManagementText, f: Formatter): string {
  if (!dep.break_even) return '–';
  const { low, high } = dep.break_even;
  if (low === null) return m.tco.never;
  return m.tco.trainings({ low: f.int(low), high: high === null ? null : f.int(high) });
}

/** The TCO inputs as rows of the cost settings table: money in the currency, hours and shares as numbers, unset as such. */
export function tcoSettingsRows(settings: CostSettings, m: ManagementText, f: Formatter): string[][] {
  const s = { ...EMPTY_TCO_SETTINGS, ...settings.tco };
  const money = new Set<keyof TcoSettings>(['hardwarePricePerGpu', 'engineerRatePerHour', 'storagePerTbMonth']);
  return (Object.keys(EMPTY_TCO_SETTINGS) as (keyof TcoSettings)[]).map((key) => {
    const v = s[key];
    const text =
      v === null ? f.unset : money.has(key) ? f.money(v) : key === 'utilisation' ? f.percent(v, 0) : f.sig(v, 4);
    return [m.tco.settings[key], text];
  });
}
