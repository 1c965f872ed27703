import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { barChart } from './bar-chart.js';
import { niceTicks, textWidth } from './chart-layout.js';
import { downsample, lineChart, MAX_POINTS } from './line-chart.js';
import { chartSvg } from './svg-painter.js';

/** librsvg (through sharp) rejects SVG that is not well-formed XML; a rendered PNG has the chart's size. */
const rasterise = (svg: string) => sharp(Buffer.from(svg)).png().metadata();

describe('chart layouts and their SVG', () => {
  const bars = barChart({
    id: 'throughput',
    title: 'Throughput <runs> & "speed"',
    categories: ['CatLIP (run 1)', 'CLIP (run 2)'],
    series: [{ name: 'a', color: '#0072B2', values: [160, 64], highs: [200, null] }],
    format: (v) => v.toFixed(1),
  });

  it('paints well-formed, self-contained SVG with escaped text', async () => {
    const svg = chartSvg(bars, { standalone: true });
    expect(await rasterise(svg)).toMatchObject({ width: bars.width, height: bars.height });
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="640" height="320" viewBox="0 0 640 320"/,
    );
    expect(svg).toContain('<title>Throughput &lt;runs&gt; &amp; &quot;speed&quot;</title>');
    expect(svg).toContain('>160.0–200.0</text>');
    expect(svg).toContain('>64.0</text>');
    // nothing external: no links, images, scripts or style sheets
    expect(svg).not.toMatch(/<(script|image|use|a|foreignObject|style)\b|href=/);
    await expect(rasterise('<svg xmlns="http://www.w3.org/2000/svg"><text>a & b</text></svg>')).rejects.toThrow();
    const inline = chartSvg(bars, { standalone: false });
    expect(inline).not.toMatch(/https?:/);
  });

  it('scales bars to the value axis: the taller value draws the taller bar', () => {
    // the bars, not the legend's swatch
    const rects = bars.items.filter(
      (i) => i.kind === 'rect' && i.opacity === undefined && i.fill === '#0072B2' && i.w > 12,
    ) as { h: number }[];
    expect(rects).toHaveLength(2);
    expect(rects[0].h / rects[1].h).toBeCloseTo(160 / 64, 6);
  });

  it('draws lines of at most MAX_POINTS points whatever the run length', async () => {
    const points = Array.from({ length: 20_000 }, (_, i) => [i + 1, 1 / (i + 1)] as [number, number]);
    const chart = lineChart({
      id: 'loss',
      title: 'Loss',
      xLabel: 'step',
      series: [{ name: 'r', color: '#000', points }],
      xFormat: String,
      yFormat: String,
    });
    const line = chart.items.find((i) => i.kind === 'polyline') as { points: [number, number][] };
    expect(line.points.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(await rasterise(chartSvg(chart, { standalone: true }))).toMatchObject({ width: 640, height: 300 });
    expect(downsample(points, 10)[0]).toEqual([1, 1]);
    expect(downsample(points, 10).at(-1)).toEqual([20_000, 1 / 20_000]);
  });

  it('picks round axis steps and measures full-width text wider than Latin', () => {
    expect(niceTicks(0, 0.87, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 176, 5)).toEqual([0, 50, 100, 150, 200]);
    expect(textWidth('学習速度', 10)).toBe(40);
    expect(textWidth('abcd', 10)).toBeLessThan(30);
  });
});
