/**
 * A chart as a flat list of drawing primitives in its own pixel space (origin top left, y down). The chart
 * builders lay a chart out once; painters turn the same layout into an SVG string (HTML, PNG export by the
 * UI) or into PDF vector operations, so every format shows exactly the same chart. No DOM or canvas: the
 * engine runs in plain Node.
 */

export interface RectItem {
  kind: 'rect';
  x: number;
  y: number;
  w: number;
  h: number;
  fill: string;
  /** 0–1; lighter parts of a bar (the uncertain part of a projected range). */
  opacity?: number;
}

export interface LineItem {
  kind: 'line';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  stroke: string;
  width: number;
  dash?: [number, number];
}

export interface PolylineItem {
  kind: 'polyline';
  points: [number, number][];
  stroke: string;
  width: number;
}

export interface TextItem {
  kind: 'text';
  x: number;
  /** Baseline. */
  y: number;
  text: string;
  size: number;
  anchor: 'start' | 'middle' | 'end';
  fill: string;
  bold?: boolean;
}

export type ChartItem = RectItem | LineItem | PolylineItem | TextItem;

export interface ChartLayout {
  /** Stable id (file names of exported PNGs): lower-case letters, digits and dashes. */
  id: string;
  title: string;
  width: number;
  height: number;
  items: ChartItem[];
}

/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies, and in greyscale print. */
export const SERIES_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'] as const;
export const INK = '#1f2328';
export const MUTED = '#57606a';
export const GRID = '#d0d7de';

/**
 * Width of a text in the chart's pixels, estimated without a font: full-width (CJK, kana, full-width
 * forms) characters take about 1 em, Latin about 0.56 em. Layout uses it to leave room for labels; the
 * painters place text at the same anchor points, so a slightly wrong estimate never moves a bar.
 */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    em +=
      cp >= 0x1100 &&
      (cp <= 0x115f ||
        (cp >= 0x2e80 && cp <= 0xa4cf) ||
        (cp >= 0xac00 && cp <= 0xd7a3) ||
        (cp >= 0xf900 && cp <= 0xfaff) ||
        (cp >= 0xfe30 && cp <= 0xfe4f) ||
        (cp >= 0xff00 && cp <= 0xff60) ||
        (cp >= 0xffe0 && cp <= 0xffe6) ||
        cp >= 0x20000)
        ? 1
        : /[mwMW@%]/.test(ch)
          ? 0.8
          : /[il.,:;'|!1]/.test(ch)
            ? 0.3
            : 0.56;
  }
  return em * size;
}

/** Cuts a label to `maxWidth` pixels, ending it with "…" when cut. */
export function fitText(text: string, size: number, maxWidth: number): string {
  if (textWidth(text, size) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 1 && textWidth(`${chars.join('')}…`, size) > maxWidth) chars.pop();
  return `${chars.join('')}…`;
}

/** Round axis steps (1, 2, 2.5, 5 × 10^k) from 0 or `min` up to at least `max`, about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) max = min + (min === 0 ? 1 : Math.abs(min));
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const start = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = start; v < max + step * 0.999; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Legend entries left to right along the top right of the plot; returns the items. */
export function legend(
  entries: { name: string; color: string; opacity?: number }[],
  right: number,
  y: number,
  size = 11,
): ChartItem[] {
  const items: ChartItem[] = [];
  let x = right;
  for (const e of [...entries].reverse()) {
    const w = textWidth(e.name, size);
    x -= w;
    items.push({ kind: 'text', x, y, text: e.name, size, anchor: 'start', fill: INK });
    x -= size + 4;
    items.push({ kind: 'rect', x, y: y - size + 2, w: size - 1, h: size - 1, fill: e.color, opacity: e.opacity });
    x -= 14;
  }
  return items;
}
