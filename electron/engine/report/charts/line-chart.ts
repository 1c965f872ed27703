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

export interface LineSeries {
  name: string;
  color: string;
  /** [x, y] in x order. */
  points: [number, number][];
}

export interface LineChartSpec {
  id: string;
  title: string;
  series: LineSeries[];
  xLabel: string;
  xFormat: (v: number) => string;
  yFormat: (v: number) => string;
  width?: number;
  height?: number;
}

const TITLE = 15;
const LABEL = 11;
/** Points per series drawn: a 100,000-step run would otherwise make a multi-megabyte SVG. */
export const MAX_POINTS = 300;

/** Line chart of one or more series over a shared x axis (steps). */
export function lineChart(spec: LineChartSpec): ChartLayout {
  const width = spec.width ?? 640;
  const height = spec.height ?? 300;
  const series = spec.series
    .map((s) => ({ ...s, points: downsample(s.points, MAX_POINTS) }))
    .filter((s) => s.points.length > 0);
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
  if (series.length > 1)
    items.push(
      ...legend(
        series.map((s) => ({ name: s.name, color: s.color })),
        width - 12,
        44,
        LABEL,
      ),
    );

  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const [minY, maxY] = [Math.min(...ys), Math.max(...ys)];
  const pad = (maxY - minY) * 0.05 || Math.abs(maxY) * 0.05 || 1;
  const yTicks = niceTicks(minY >= 0 && minY - pad < 0 ? 0 : minY - pad, maxY + pad, 5);
  const xTicks = niceTicks(Math.min(...xs), Math.max(...xs), 6).filter(
    (t) => t >= Math.min(...xs) && t <= Math.max(...xs),
  );
  const [y0, y1] = [yTicks[0], yTicks.at(-1)!];
  const [x0, x1] = [Math.min(...xs), Math.max(...xs) > Math.min(...xs) ? Math.max(...xs) : Math.min(...xs) + 1];

  const plot = {
    left: 16 + Math.max(...yTicks.map((t) => textWidth(spec.yFormat(t), LABEL))),
    top: series.length > 1 ? 62 : 44,
    right: width - 20,
    bottom: height - 44,
  };
  const px = (v: number) => plot.left + ((v - x0) / (x1 - x0)) * (plot.right - plot.left);
  const py = (v: number) => plot.bottom - ((v - y0) / (y1 - y0)) * (plot.bottom - plot.top);

  for (const t of yTicks) {
    items.push({ kind: 'line', x1: plot.left, y1: py(t), x2: plot.right, y2: py(t), stroke: GRID, width: 0.6 });
    items.push({
      kind: 'text',
      x: plot.left - 6,
      y: py(t) + 4,
      text: spec.yFormat(t),
      size: LABEL,
      anchor: 'end',
      fill: MUTED,
    });
  }
  items.push({
    kind: 'line',
    x1: plot.left,
    y1: plot.bottom,
    x2: plot.right,
    y2: plot.bottom,
    stroke: MUTED,
    width: 1,
  });
  for (const t of xTicks) {
    items.push({ kind: 'line', x1: px(t), y1: plot.bottom, x2: px(t), y2: plot.bottom + 4, stroke: MUTED, width: 1 });
    items.push({
      kind: 'text',
      x: px(t),
      y: plot.bottom + 17,
      text: spec.xFormat(t),
      size: LABEL,
      anchor: 'middle',
      fill: MUTED,
    });
  }
  items.push({
    kind: 'text',
    x: (plot.left + plot.right) / 2,
    y: height - 8,
    text: spec.xLabel,
    size: LABEL,
    anchor: 'middle',
    fill: INK,
  });
  for (const s of series) {
    const points = s.points.map(([x, y]) => [round(px(x)), round(py(y))] as [number, number]);
    if (points.length === 1)
      items.push({ kind: 'rect', x: points[0][0] - 2, y: points[0][1] - 2, w: 4, h: 4, fill: s.color });
    else items.push({ kind: 'polyline', points, stroke: s.color, width: 1.8 });
  }
  return { id: spec.id, title: spec.title, width, height, items };
}

/** At most `max` points: the mean of each of `max` equal runs of consecutive points (first and last kept). */
export function downsample(points: [number, number][], max: number): [number, number][] {
  const finite = points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (finite.length <= max) return finite;
  const out: [number, number][] = [finite[0]];
  const buckets = max - 2;
  const size = (finite.length - 2) / buckets;
  for (let b = 0; b < buckets; b++) {
    const slice = finite.slice(1 + Math.floor(b * size), 1 + Math.floor((b + 1) * size));
    if (!slice.length) continue;
    out.push([slice.reduce((s, p) => s + p[0], 0) / slice.length, slice.reduce((s, p) => s + p[1], 0) / slice.length]);
  }
  out.push(finite.at(-1)!);
  return out;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
