import type { ChartData } from 'chart.js';

export interface ChartTable {
  /** Header of the first column (the x axis) and one per data series. */
  columns: string[];
  rows: { label: string; values: string[] }[];
}

type Point = number | null | { x: number | string; y: number | null } | [number, number];

/**
 * A chart's data as a table, the text alternative for screen readers and for reading exact values: one row
 * per label (or x value of point data), one column per series. Long series are thinned to `maxRows`
 * evenly spaced rows, always keeping the last (for a loss curve: where it ended).
 */
export function chartTable(data: ChartData, xLabel: string, format: (n: number) => string, maxRows = 50): ChartTable {
  const columns = [xLabel, ...data.datasets.map((d, i) => d.label ?? `#${i + 1}`)];
  const byLabel = new Map<string, string[]>();
  const order: string[] = [];
  data.datasets.forEach((dataset, col) => {
    (dataset.data as Point[]).forEach((point, i) => {
      let label: string;
      let value: number | null;
      if (point !== null && typeof point === 'object' && !Array.isArray(point)) {
        label = String(point.x);
        value = point.y;
      } else if (Array.isArray(point)) {
        label = String(point[0]);
        value = point[1];
      } else {
        label = String(data.labels?.[i] ?? i + 1);
        value = point;
      }
      if (!byLabel.has(label)) {
        byLabel.set(label, Array(data.datasets.length).fill(''));
        order.push(label);
      }
      byLabel.get(label)![col] = value === null || value === undefined || Number.isNaN(value) ? '' : format(value);
    });
  });
  const keep = order.length <= maxRows ? order : thin(order, maxRows);
  return { columns, rows: keep.map((label) => ({ label, values: byLabel.get(label)! })) };
}

function thin<T>(items: T[], n: number): T[] {
  const step = (items.length - 1) / (n - 1);
  return Array.from({ length: n }, (_, i) => items[Math.round(i * step)]!);
}
