import { escapeXml } from '../escape.js';
import type { ChartItem, ChartLayout } from './chart-layout.js';

/** Fonts for chart text: the system's Japanese faces first, so the UI's PNG export renders Japanese labels. */
export const CHART_FONT_STACK =
  "'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Hiragino Kaku Gothic ProN', 'Yu Gothic', 'Meiryo', system-ui, sans-serif";

/**
 * Paints a chart layout as SVG markup. `standalone` adds the SVG namespace, which a separate .svg file and
 * an <img src="data:…"> rasterisation need; SVG inline in HTML takes its namespace from the HTML parser and
 * so stays free of any URL (the HTML report contains none).
 */
export function chartSvg(chart: ChartLayout, options: { standalone: boolean }): string {
  const ns = options.standalone ? ' xmlns="http://www.w3.org/2000/svg"' : '';
  const body = chart.items.map(item).join('');
  return (
    `<svg${ns} width="${chart.width}" height="${chart.height}" viewBox="0 0 ${chart.width} ${chart.height}" role="img" aria-label="${escapeXml(chart.title)}" font-family="${escapeXml(CHART_FONT_STACK)}">` +
    `<title>${escapeXml(chart.title)}</title><rect width="${chart.width}" height="${chart.height}" fill="#ffffff"/>${body}</svg>`
  );
}

function item(i: ChartItem): string {
  switch (i.kind) {
    case 'rect':
      return `<rect x="${n(i.x)}" y="${n(i.y)}" width="${n(Math.max(0, i.w))}" height="${n(Math.max(0, i.h))}" fill="${i.fill}"${i.opacity === undefined ? '' : ` fill-opacity="${i.opacity}"`}/>`;
    case 'line':
      return `<line x1="${n(i.x1)}" y1="${n(i.y1)}" x2="${n(i.x2)}" y2="${n(i.y2)}" stroke="${i.stroke}" stroke-width="${i.width}"${i.dash ? ` stroke-dasharray="${i.dash.join(' ')}"` : ''}/>`;
    case 'polyline':
      return `<polyline points="${i.points.map(([x, y]) => `${n(x)},${n(y)}`).join(' ')}" fill="none" stroke="${i.stroke}" stroke-width="${i.width}" stroke-linejoin="round"/>`;
    case 'text':
      return `<text x="${n(i.x)}" y="${n(i.y)}" font-size="${i.size}" text-anchor="${i.anchor}" fill="${i.fill}"${i.bold ? ' font-weight="bold"' : ''}>${escapeXml(i.text)}</text>`;
  }
}

function n(v: number): string {
  return String(Math.round(v * 100) / 100);
}
