import sharp from 'sharp';
import type { ChartLayout } from './charts/chart-layout.js';
import { chartSvg } from './charts/svg-painter.js';
import { reportFontConfig } from './font-config.js';

/**
 * A chart as a PNG picture (for the slide deck), rasterised from the same SVG the HTML report shows, at
 * twice its size so that it stays sharp on a projector. sharp (librsvg) looks fonts up through fontconfig,
 * which reads FONTCONFIG_FILE once, when text is first drawn — not when sharp is loaded (image decoding
 * draws none) — so pointing it at a configuration that knows the report's Japanese font before the first
 * chart makes Japanese labels render on any machine.
 */
let configured = false;

export const PNG_SCALE = 2;

export async function chartPng(chart: ChartLayout): Promise<Buffer> {
  if (!configured) {
    process.env.FONTCONFIG_FILE = reportFontConfig();
    configured = true;
  }
  // 72 dpi is the SVG's own size: density 144 draws it at 2×
  return sharp(Buffer.from(chartSvg(chart, { standalone: true })), { density: 72 * PNG_SCALE })
    .png()
    .toBuffer();
}
