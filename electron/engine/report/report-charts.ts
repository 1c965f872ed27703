import { barChart } from './charts/bar-chart.js';
import { SERIES_COLORS, type ChartLayout } from './charts/chart-layout.js';
import { lineChart } from './charts/line-chart.js';
import type { Formatter } from './format.js';
import type { ReportData, ReportRun } from './report-data.js';
import type { ReportText } from './report-text.js';

/**
 * The report's charts, each laid out once from stored data. A chart whose data does not exist (no price
 * set, no evaluation, no projection, no metrics) is left out rather than drawn empty.
 */
export interface ReportCharts {
  throughput: ChartLayout | null;
  timePerStep: ChartLayout | null;
  wallTime: ChartLayout | null;
  measuredCost: ChartLayout | null;
  projected: ChartLayout | null;
  accuracy: ChartLayout | null;
  throughputOverSteps: ChartLayout | null;
  loss: ChartLayout[];
}

/** Each run keeps its colour in every chart: CatLIP blue, CLIP orange, SuperClass green. */
export const runColor = (index: number) => SERIES_COLORS[index % SERIES_COLORS.length];

export function reportCharts(data: ReportData, t: ReportText, f: Formatter): ReportCharts {
  const runs = data.runs;
  const name = (r: ReportRun) => t.runLabel(t.role[r.role], r.id);
  const categories = runs.map(name);
  const one = (label: string, values: (number | null)[]) => [{ name: label, color: SERIES_COLORS[0], values }];
  const perRun = (values: (number | null)[]) =>
    runs.map((r, i) => ({
      name: name(r),
      color: runColor(i),
      values: runs.map((_, j) => (j === i ? values[i] : null)),
    }));
  const any = (values: (number | null)[]) => values.some((v) => v !== null && v > 0);

  const rates = runs.map((r) => r.measured.images_per_second);
  const throughput = any(rates)
    ? barChart({
        id: 'throughput',
        title: t.chart.throughput,
        categories,
        series: perRun(rates),
        format: (v) => f.number(v, 1),
        axisFormat: (v) => f.sig(v, 4),
      })
    : null;

  // wall seconds per step, split like the wall time: the per-step view of the same measurement
  const perStep = (r: ReportRun, s: number) => (r.measured.steps > 0 ? (s / r.measured.steps) * 1000 : null);
  const phases = [
    { name: t.chart.data, key: 'data' as const, color: SERIES_COLORS[4] },
    { name: t.chart.compute, key: 'compute' as const, color: SERIES_COLORS[0] },
    { name: t.chart.checkpoint, key: 'checkpoint' as const, color: SERIES_COLORS[1] },
  ];
  const hasTime = runs.some((r) => r.measured.seconds.wall > 0);
  const timePerStep = hasTime
    ? barChart({
        id: 'time-per-step',
        title: t.chart.timePerStep,
        categories,
        stacked: true,
        series: phases.map((p) => ({
          name: p.name,
          color: p.color,
          values: runs.map((r) => perStep(r, r.measured.seconds[p.key])),
        })),
        format: (v) => f.number(v, v < 10 ? 2 : 1),
        axisFormat: (v) => f.sig(v, 4),
      })
    : null;
  const wallTime = hasTime
    ? barChart({
        id: 'wall-time',
        title: t.chart.wallTime,
        categories,
        stacked: true,
        series: phases.map((p) => ({
          name: p.name,
          color: p.color,
          values: runs.map((r) => r.measured.seconds[p.key]),
        })),
        format: (v) => f.number(v, v < 10 ? 2 : 1),
        axisFormat: (v) => f.sig(v, 4),
      })
    : null;

  const costs = runs.map((r) => r.measured.gpu_cost);
  const measuredCost = costs.every((c) => c !== null)
    ? barChart({
        id: 'measured-cost',
        title: t.chart.measuredCost,
        categories,
        stacked: true,
        series: [
          { name: t.chart.gpu, color: SERIES_COLORS[0], values: costs },
          ...(runs.some((r) => r.measured.energy_cost !== null)
            ? [{ name: t.chart.energy, color: SERIES_COLORS[2], values: runs.map((r) => r.measured.energy_cost) }]
            : []),
        ],
        format: f.money,
      })
    : any(runs.map((r) => r.measured.gpu_hours))
      ? barChart({
          id: 'measured-gpu-hours',
          title: t.chart.measuredHours,
          categories,
          series: one(
            t.table.gpuHours,
            runs.map((r) => r.measured.gpu_hours),
          ),
          format: (v) => f.sig(v, 3),
        })
      : null;

  let projected: ChartLayout | null = null;
  if (runs.every((r) => r.projected)) {
    const withCost = runs.every((r) => r.projected!.total_cost);
    const ranges = runs.map((r) => (withCost ? r.projected!.total_cost! : r.projected!.gpu_hours));
    projected = barChart({
      id: withCost ? 'projected-cost' : 'projected-gpu-hours',
      title: withCost ? t.chart.projectedCost : t.chart.projectedHours,
      categories,
      series: runs.map((r, i) => ({
        name: name(r),
        color: runColor(i),
        values: runs.map((_, j) => (j === i ? ranges[i].low : null)),
        highs: runs.map((_, j) => (j === i ? ranges[i].high : null)),
      })),
      format: withCost ? f.money : (v) => f.sig(v, 3),
    });
  }

  const accuracy = data.accuracy.length
    ? barChart({
        id: 'transfer-accuracy',
        title: t.chart.accuracy,
        categories: data.accuracy.map((row) => {
          const datasets = new Set(data.accuracy.map((r) => r.dataset)).size;
          const head = [t.method[row.method], row.init === 'none' ? null : t.init[row.init]]
            .filter(Boolean)
            .join(' · ');
          return `${head}\n${datasets > 1 ? `${row.dataset} · ` : ''}${f.percent(row.fraction, 0)}`;
        }),
        series: runs.map((r, i) => ({
          name: name(r),
          color: runColor(i),
          values: data.accuracy.map((row) => row.results[i]?.top1 ?? null),
        })),
        format: (v) => f.percent(v, 1),
        axisFormat: (v) => f.percent(v, 0),
        max: 1,
        height: 340,
      })
    : null;

  const withRate = runs.filter((r) => r.metrics.some((m) => m.images_per_second !== null));
  const throughputOverSteps = withRate.length
    ? lineChart({
        id: 'throughput-over-steps',
        title: t.chart.throughputOverSteps,
        xLabel: t.chart.step,
        series: withRate.map((r) => ({
          name: name(r),
          color: runColor(runs.indexOf(r)),
          points: r.metrics
            .filter((m) => m.images_per_second !== null)
            .map((m) => [m.step, m.images_per_second!] as [number, number]),
        })),
        xFormat: (v) => f.int(v),
        yFormat: (v) => f.sig(v, 3),
      })
    : null;

  // one loss chart per run: the objectives' losses are on different scales
  const loss = runs
    .filter((r) => r.metrics.length > 0)
    .map((r) =>
      lineChart({
        id: `training-loss-${r.role}`,
        title: t.chart.loss(name(r)),
        xLabel: t.chart.step,
        series: [
          {
            name: name(r),
            color: runColor(runs.indexOf(r)),
            points: r.metrics.map((m) => [m.step, m.loss] as [number, number]),
          },
        ],
        xFormat: (v) => f.int(v),
        yFormat: (v) => f.sig(v, 3),
      }),
    );

  return { throughput, timePerStep, wallTime, measuredCost, projected, accuracy, throughputOverSteps, loss };
}
