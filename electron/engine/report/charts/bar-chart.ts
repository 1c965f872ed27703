import {
  fitText,
  GRID,
  INK,
  legend,
  MUTED,
  niceTicks,
  textWidth,
  type ChartItem,
  type ChartLayout,
} from './chart-layout.js';

export interface BarSeries {
  name: string;
  color: string;
  /** One value per category; null leaves the slot empty (a run without that result). */
  values: (number | null)[];
  /** Upper ends of ranges: the bar is solid up to `values[i]` and lighter up to `highs[i]` (a projection's range). */
  highs?: (number | null)[];
}

export interface BarChartSpec {
  id: string;
  title: string;
  /** Category labels; "\n" splits a label over two lines. */
  categories: string[];
  series: BarSeries[];
  /** Stack the series in each category (parts of one total) instead of grouping them side by side. */
  stacked?: boolean;
  /** Value labels on the bars and the axis. */
  format: (v: number) => string;
  axisFormat?: (v: number) => string;
  /** Fixed top of the value axis (1 for accuracy shares); default: from the data. */
  max?: number;
  width?: number;
  height?: number;
}

const TITLE = 15;
const LABEL = 11;
const VALUE = 10;

/** Vertical bar chart: grouped, stacked or ranged bars with a value axis from zero. */
export function barChart(spec: BarChartSpec): ChartLayout {
  const width = spec.width ?? 640;
  const height = spec.height ?? 320;
  const items: ChartItem[] = [
    {
      kind: 'text',
      x: 12,
      y: 22,
      text: fitText(spec.title, TITLE, width - 24),
      size: TITLE,
      anchor: 'start',
      fill: INK,
      bold: true,
    },
  ];
  const showLegend = spec.series.length > 1 || spec.series.some((s) => s.highs);
  const legendEntries = spec.series.map((s) => ({ name: s.name, color: s.color }));
  if (showLegend) items.push(...legend(legendEntries, width - 12, 44, LABEL));

  const n = spec.categories.length;
  const totals = spec.categories.map((_, i) => {
    const parts = spec.series.map((s) => Math.max(s.highs?.[i] ?? 0, s.values[i] ?? 0));
    return spec.stacked ? spec.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0) : Math.max(0, ...parts);
  });
  const top = spec.max ?? Math.max(...totals) * 1.12;
  const ticks = niceTicks(0, top > 0 ? top : 1, 5);
  const axisMax = ticks.at(-1)!;
  const axisFormat = spec.axisFormat ?? spec.format;

  const labelLines = Math.max(1, ...spec.categories.map((c) => c.split('\n').length));
  const plot = {
    left: 16 + Math.max(...ticks.map((t) => textWidth(axisFormat(t), LABEL))),
    top: showLegend ? 62 : 44,
    right: width - 16,
    bottom: height - 12 - labelLines * (LABEL + 3),
  };
  const y = (v: number) => plot.bottom - (v / axisMax) * (plot.bottom - plot.top);

  for (const t of ticks) {
    items.push({
      kind: 'line',
      x1: plot.left,
      y1: y(t),
      x2: plot.right,
      y2: y(t),
      stroke: GRID,
      width: t === 0 ? 1.2 : 0.6,
    });
    items.push({
      kind: 'text',
      x: plot.left - 6,
      y: y(t) + 4,
      text: axisFormat(t),
      size: LABEL,
      anchor: 'end',
      fill: MUTED,
    });
  }

  const slot = (plot.right - plot.left) / Math.max(n, 1);
  // one series per category (a colour per run): a single centred bar rather than a group with empty places
  const single =
    !spec.stacked &&
    spec.categories.every(
      (_, i) => spec.series.filter((s) => s.values[i] !== null && s.values[i] !== undefined).length <= 1,
    );
  const groupWidth = Math.min(slot * (single ? 0.5 : 0.78), spec.stacked || single ? 90 : 70 * spec.series.length);
  const barWidth = spec.stacked || single ? groupWidth : groupWidth / Math.max(spec.series.length, 1);
  spec.categories.forEach((category, i) => {
    const center = plot.left + slot * (i + 0.5);
    category.split('\n').forEach((line, k) => {
      items.push({
        kind: 'text',
        x: center,
        y: plot.bottom + 16 + k * (LABEL + 3),
        text: fitText(line, LABEL, slot - 4),
        size: LABEL,
        anchor: 'middle',
        fill: INK,
      });
    });
    let base = 0;
    spec.series.forEach((s, j) => {
      const v = s.values[i];
      if (v === null || v === undefined) return;
      const x = spec.stacked || single ? center - groupWidth / 2 : center - groupWidth / 2 + j * barWidth;
      const w = spec.stacked || single ? barWidth : barWidth * 0.9;
      const from = spec.stacked ? base : 0;
      const high = s.highs?.[i];
      if (high !== null && high !== undefined && high > v) {
        items.push({
          kind: 'rect',
          x,
          y: y(from + high),
          w,
          h: y(from + v) - y(from + high),
          fill: s.color,
          opacity: 0.35,
        });
      }
      items.push({ kind: 'rect', x, y: y(from + v), w, h: y(from) - y(from + v), fill: s.color });
      if (!spec.stacked) {
        const text =
          high !== null && high !== undefined && spec.format(high) !== spec.format(v)
            ? `${spec.format(v)}–${spec.format(high)}`
            : spec.format(v);
        const size =
          textWidth(text, VALUE) <= (single ? slot : slot / Math.max(spec.series.length, 1)) + 8 ? VALUE : VALUE - 2;
        items.push({
          kind: 'text',
          x: x + w / 2,
          y: y(Math.max(v, high ?? 0)) - 4,
          text,
          size,
          anchor: 'middle',
          fill: INK,
        });
      }
      base += v;
    });
    if (spec.stacked && totals[i] > 0) {
      items.push({
        kind: 'text',
        x: center,
        y: y(totals[i]) - 4,
        text: spec.format(totals[i]),
        size: VALUE,
        anchor: 'middle',
        fill: INK,
      });
    }
  });
  return { id: spec.id, title: spec.title, width, height, items };
}
