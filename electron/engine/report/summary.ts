import type { Interval, RunProjection } from '../../shared/cost.js';
import { describeHardware } from '../cost/compare.js';
import type { Formatter } from './format.js';
import type { ReportData, ReportRun } from './report-data.js';
import type { ReportText } from './report-text.js';

/**
 * The executive summary: a few plain sentences a manager can act on, each computed from stored data —
 * what the runs compared, the measured speed-up, the accuracy difference of every matching evaluation (or
 * that none exists yet), what the pilot cost, and the full-scale projection or the plan inputs it lacks.
 */
export function executiveSummary(data: ReportData, t: ReportText, f: Formatter): string[] {
  const { catlip } = data;
  const baselines = data.runs.slice(1);
  const label = (r: ReportRun) => t.runLabel(t.role[r.role], r.id);
  const sentences: string[] = [];
  const devices = (c: (typeof data.comparisons)[number], baseline: ReportRun) =>
    c.hardware_mismatch && {
      catlip: describeHardware(c.hardware_mismatch.catlip),
      baseline: describeHardware(c.hardware_mismatch.baseline),
      baselineName: t.role[baseline.role],
    };

  // runs on different hardware (allowed with allowMismatch): said first, before any number is read
  data.comparisons.forEach((c, i) => {
    const mismatch = devices(c, baselines[i]);
    if (mismatch) sentences.push(t.hardwareMismatch(mismatch));
  });

  sentences.push(
    t.scope({
      runs: listOf(data.runs.map(label), f),
      model: catlip.config.model,
      imageSize: f.int(catlip.config.imageSize),
      patch: f.int(catlip.config.patchSize),
      dataset: catlip.config.dataset,
      images: f.int(catlip.measured.images),
      batch: f.int(catlip.config.batch),
      sameHardware: data.comparisons.every((c) => c.hardware_mismatch === null),
    }),
  );

  data.comparisons.forEach((c, i) => {
    const baseline = baselines[i];
    const wall = c.speedup.measured.wall;
    if (wall === null || catlip.measured.images_per_second === null || baseline.measured.images_per_second === null)
      return;
    const faster = wall >= 1;
    const compute = c.speedup.measured.compute;
    const mismatch = devices(c, baseline);
    sentences.push(
      t.speed({
        device: mismatch ? t.twoDevices(mismatch) : (catlip.measured.device ?? '?'),
        catlipRate: f.rate(catlip.measured.images_per_second),
        baseline: t.role[baseline.role],
        baselineRate: f.rate(baseline.measured.images_per_second),
        ratio: f.times(faster ? wall : 1 / wall),
        computeRatio: compute === null ? null : f.times(faster ? compute : 1 / compute),
        faster,
        // over seeds when the pilot has repeats; a single seed's speed-up has no interval
        interval:
          c.repeats.speedup.wall &&
          intervalText(c.repeats.speedup.wall, c.repeats.speedup_within_noise === true, f.times, t, f),
      }),
    );
  });

  sentences.push(...accuracySentences(data, t, f));

  const hours = data.runs.map((r) => ({ name: t.role[r.role], value: f.sig(r.measured.gpu_hours, 3) }));
  const costs = data.runs.every((r) => r.measured.gpu_cost !== null)
    ? data.runs.map((r) => ({
        name: t.role[r.role],
        value: f.money(r.measured.gpu_cost! + (r.measured.energy_cost ?? 0)),
      }))
    : null;
  sentences.push(t.pilotCost({ hours, costs }));

  sentences.push(projectionSentence(data, t, f));

  const notGpu = data.runs.filter((r) => r.measured.accelerator !== 'gpu');
  if (notGpu.length) {
    sentences.push(
      t.notOnGpu({
        runs: listOf(notGpu.map(label), f),
        devices: listOf([...new Set(notGpu.map((r) => r.measured.device ?? '?'))], f),
      }),
    );
  }
  return sentences;
}

/** One sentence per (dataset, method, init, fraction) that CatLIP and a baseline were both evaluated on. */
function accuracySentences(data: ReportData, t: ReportText, f: Formatter): string[] {
  const matched: string[] = [];
  for (const row of data.accuracy) {
    const catlip = row.results[0];
    if (!catlip) continue;
    row.results.slice(1).forEach((baseline, i) => {
      if (!baseline) return;
      const diff = catlip.top1 - baseline.top1;
      const spread = accuracySpread(data, row, i);
      matched.push(
        t.accuracy({
          dataset: row.dataset,
          method: t.method[row.method],
          init: t.init[row.init],
          labels: t.labels(f.percent(row.fraction, 0)),
          catlip: f.percent(catlip.top1),
          baseline: f.percent(baseline.top1),
          baselineName: t.role[data.runs[i + 1].role],
          diff: f.points(diff),
          // the same at the precision shown
          sign: Math.abs(diff) < 0.0005 ? 0 : diff > 0 ? 1 : -1,
          interval: spread ? accuracyIntervalText(spread, t, f) : null,
        }),
      );
    });
  }
  const transfer: string[] = [];
  // Transfer Init exists for CatLIP only: set it beside the baseline's random-init probe on the same data
  for (const row of data.accuracy.filter(
    (r) => r.init === 'transfer' && r.results[0] && r.results.slice(1).every((x) => !x),
  )) {
    const reference = data.accuracy.find(
      (r) => r.dataset === row.dataset && r.method === row.method && r.init === 'random' && r.fraction === row.fraction,
    );
    const clip = reference?.results[1];
    transfer.push(
      t.transferInit({
        dataset: row.dataset,
        labels: t.labels(f.percent(row.fraction, 0)),
        catlip: f.percent(row.results[0]!.top1),
        reference: clip ? { name: t.role.clip, value: f.percent(clip.top1) } : null,
      }),
    );
  }
  return matched.length ? [...matched, ...transfer] : [t.notEvaluated, ...transfer];
}

/** The 95% interval of CatLIP's accuracy difference against baseline `i` on `row`'s test, where the comparison has one. */
export function accuracySpread(data: ReportData, row: ReportData['accuracy'][number], i = 0) {
  return data.comparisons[i]?.repeats.accuracy.find(
    (a) => a.dataset === row.dataset && a.method === row.method && a.init === row.init && a.fraction === row.fraction,
  );
}

/** An accuracy difference's 95% interval as a clause (also the conclusion's). */
export function accuracyIntervalText(
  spread: NonNullable<ReturnType<typeof accuracySpread>>,
  t: ReportText,
  f: Formatter,
): string {
  return intervalText(spread.difference, spread.within_noise, f.points, t, f);
}

/** A 95% interval as the clause the speed and accuracy sentences end with. */
function intervalText(
  i: Interval,
  withinNoise: boolean,
  format: (x: number) => string,
  t: ReportText,
  f: Formatter,
): string {
  return t.interval({
    method: i.method,
    n: f.int(i.n),
    mean: format(i.mean),
    low: format(i.low),
    high: format(i.high),
    withinNoise,
  });
}

/** The full-scale projection in one sentence: cost and saving, GPU-hours without a price, or what the plan lacks. */
export function projectionSentence(data: ReportData, t: ReportText, f: Formatter): string {
  const comparison = data.comparisons[0];
  const p = comparison.projected;
  if (!('speedup' in p)) {
    const names = p.missing.map((m) => {
      const option = /\((--[a-z-]+)/.exec(m)?.[1];
      return (option && t.planInput[option]) ?? m;
    });
    return t.notProjected(listOf(names, f));
  }
  const plan = planText(data, t, f);
  const [c, b] = [p.catlip, p.baseline];
  if (c.total_cost && b.total_cost) {
    const saving = savingRange(c, b);
    return t.projectedCost({
      plan,
      catlip: f.moneyRange(c.total_cost),
      baseline: f.moneyRange(b.total_cost),
      baselineName: t.role[data.clip.role],
      saving: f.moneyRange(saving.amount),
      savingShare: f.range(saving.share, (x) => f.percent(x, 0)),
      speedup: f.timesRange(p.speedup),
    });
  }
  return t.projectedHours({
    plan,
    catlip: f.range(c.gpu_hours, (x) => f.sig(x, 3)),
    baseline: f.range(b.gpu_hours, (x) => f.sig(x, 3)),
    baselineName: t.role[data.clip.role],
    speedup: f.timesRange(p.speedup),
  });
}

/**
 * The baseline's cost minus CatLIP's at each end of the range. Both ends share one throughput assumption
 * (fast with fast, slow with slow), as projectComparison pairs them; shares are of the baseline's cost.
 */
export function savingRange(
  catlip: RunProjection,
  baseline: RunProjection,
): { amount: { low: number; high: number }; share: { low: number; high: number } } {
  const ends = (['low', 'high'] as const).map((k) => {
    const amount = baseline.total_cost![k] - catlip.total_cost![k];
    return { amount, share: baseline.total_cost![k] > 0 ? amount / baseline.total_cost![k] : 0 };
  });
  const sorted = (xs: number[]) => ({ low: Math.min(...xs), high: Math.max(...xs) });
  return { amount: sorted(ends.map((e) => e.amount)), share: sorted(ends.map((e) => e.share)) };
}

export function planText(data: ReportData, t: ReportText, f: Formatter): string {
  const plan = data.settings.plan;
  return t.plan({ images: f.int(plan.images ?? 0), epochs: f.sig(plan.epochs ?? 0, 4), gpus: f.int(plan.gpus ?? 0) });
}

export function listOf(items: string[], f: Formatter): string {
  return new Intl.ListFormat(f.locale, { type: 'conjunction' }).format(items);
}
