import type { Formatter } from './format.js';
import type { ManagementText } from './management-text.js';
import type { AccuracyRow, ReportData } from './report-data.js';
import type { ReportText } from './report-text.js';
import { accuracyIntervalText, accuracySpread, listOf, savingRange } from './summary.js';

/**
 * The three lines that open every report and the deck, in the order a manager asks: how much faster
 * (measured), how accurate (measured), and how much it saves (projected) — or what is still missing to say
 * so. Each line is computed from the same report data as the details that follow.
 */
export function conclusion(data: ReportData, t: ReportText, m: ManagementText, f: Formatter): [string, string, string] {
  return [speedLine(data, t, m, f), accuracyLine(data, t, m, f), savingLine(data, t, m, f)];
}

function speedLine(data: ReportData, t: ReportText, m: ManagementText, f: Formatter): string {
  const wall = data.comparisons[0].speedup.measured.wall;
  if (wall === null) return m.conclusion.speedUnknown;
  const faster = wall >= 1;
  return m.conclusion.speed({
    ratio: f.times(faster ? wall : 1 / wall),
    faster,
    baseline: t.role[data.clip.role],
    device: data.catlip.measured.device ?? '?',
  });
}

/**
 * The headline accuracy: CatLIP against CLIP with a randomly initialised linear probe on all labels — the
 * paper's standard test — or else the first test both were evaluated on.
 */
export function headlineAccuracy(data: ReportData): AccuracyRow | null {
  const both = data.accuracy.filter((r) => r.results[0] && r.results[1]);
  return both.find((r) => r.method === 'linear-probe' && r.init === 'random' && r.fraction === 1) ?? both[0] ?? null;
}

function accuracyLine(data: ReportData, t: ReportText, m: ManagementText, f: Formatter): string {
  const row = headlineAccuracy(data);
  if (!row) return m.conclusion.accuracyNone;
  const [c, b] = [row.results[0]!.top1, row.results[1]!.top1];
  const diff = c - b;
  const spread = accuracySpread(data, row);
  return m.conclusion.accuracy({
    interval: spread ? accuracyIntervalText(spread, t, f) : null,
    test: `${row.dataset}, ${t.method[row.method]}${row.init === 'none' ? '' : `, ${t.init[row.init]}`}, ${t.labels(f.percent(row.fraction, 0))}`,
    catlip: f.percent(c),
    baseline: f.percent(b),
    baselineName: t.role[data.clip.role],
    diff: f.points(diff),
    // the same at the precision shown
    sign: Math.abs(diff) < 0.0005 ? 0 : diff > 0 ? 1 : -1,
  });
}

/** Total cost of ownership where it is complete; else the projected GPU cost; else the inputs it lacks. */
function savingLine(data: ReportData, t: ReportText, m: ManagementText, f: Formatter): string {
  const comparison = data.comparisons[0];
  const tco = comparison.tco;
  const deployment = tco?.deployments.find((d) => d.saving !== null);
  if (deployment?.saving && deployment.break_even) {
    const loss = deployment.saving.high <= 0;
    const { low, high } = deployment.break_even;
    return m.conclusion.savingTco({
      deployment: m.tco.deployment[deployment.deployment],
      saving: f.moneyRange(loss ? { low: -deployment.saving.high, high: -deployment.saving.low } : deployment.saving),
      breakEven:
        low === null ? null : m.conclusion.breakEven({ low: f.int(low), high: high === null ? null : f.int(high) }),
      neverPays: !loss && high === null,
      loss,
    });
  }
  const tcoMissing = missingNames(tco?.missing ?? [], t, m, f);
  const p = comparison.projected;
  if ('speedup' in p && p.catlip.total_cost && p.baseline.total_cost) {
    const saving = savingRange(p.catlip, p.baseline);
    return m.conclusion.savingGpu({
      saving: f.moneyRange(saving.amount),
      share: f.range(saving.share, (x) => f.percent(x, 0)),
      energy: p.catlip.energy_cost !== null,
      missing: tcoMissing,
    });
  }
  const missing = [...('speedup' in p ? [] : p.missing), ...(tco?.missing ?? [])];
  return m.conclusion.savingMissing(missingNames(missing, t, m, f) ?? listOf([t.planInput['--plan-images']], f));
}

/** Missing inputs in the report's language, by the CLI option each is named with; null when none. */
export function missingNames(missing: string[], t: ReportText, m: ManagementText, f: Formatter): string | null {
  if (!missing.length) return null;
  const names = missing.map((x) => {
    const option = /\((--[a-z-]+)/.exec(x)?.[1];
    return (option && (t.planInput[option] ?? m.tco.input[option])) ?? x;
  });
  return listOf([...new Set(names)], f);
}
