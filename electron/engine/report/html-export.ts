import { chartSvg, CHART_FONT_STACK } from './charts/svg-painter.js';
import { escapeXml as esc } from './escape.js';
import type { Block, ReportDocument } from './report-document.js';

/**
 * The report as one self-contained HTML file: inline CSS and inline SVG charts, no scripts, no external
 * URL (it opens offline, in a mail client and in the app's sandboxed preview), a print stylesheet for A4,
 * and a font stack that finds a Japanese system font on Windows, macOS and Linux. Every string is escaped.
 */
export function renderHtml(doc: ReportDocument): string {
  return `<!doctype html>
<html lang="${doc.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="CatLIP Pilot">
<title>${esc(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${esc(doc.title)}</h1><p class="subtitle">${esc(doc.subtitle)}</p></header>
<main>
${doc.blocks.map(block).join('\n')}
</main>
<footer>${esc(doc.footer)}</footer>
</body>
</html>
`;
}

function block(b: Block): string {
  switch (b.type) {
    case 'heading':
      return `<h${b.level}>${esc(b.text)}</h${b.level}>`;
    case 'paragraph':
      return `<p${b.note ? ' class="note"' : ''}>${esc(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
    case 'table': {
      const align = (i: number) => (b.columns[i]?.align === 'right' ? ' class="num"' : '');
      return (
        `<div class="table"><table><thead><tr>${b.columns.map((c, i) => `<th${align(i)}>${esc(c.label)}</th>`).join('')}</tr></thead>` +
        `<tbody>${b.rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td${align(i)}>${esc(c)}</td>`)).join('')}</tr>`).join('')}</tbody></table></div>`
      );
    }
    case 'chart':
      return `<figure class="chart" id="chart-${esc(b.chart.id)}">${chartSvg(b.chart, { standalone: false })}</figure>`;
    case 'definitions':
      return `<dl>${b.items.map((d) => `<dt>${esc(d.term)}</dt><dd>${esc(d.text)}</dd>`).join('')}</dl>`;
    case 'conclusion':
      return `<section class="conclusion"><h2>${esc(b.heading)}</h2><ol>${b.lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ol></section>`;
  }
}

const STYLE = `
:root { color-scheme: light; }
body { font-family: ${CHART_FONT_STACK}; color: #1f2328; background: #fff; line-height: 1.65; max-width: 860px; margin: 0 auto; padding: 24px; font-size: 15px; }
h1 { font-size: 24px; line-height: 1.35; margin: 0 0 4px; }
.subtitle { color: #57606a; margin: 0 0 24px; }
h2 { font-size: 19px; border-bottom: 2px solid #0072B2; padding-bottom: 4px; margin: 32px 0 12px; }
h3 { font-size: 16px; margin: 20px 0 8px; }
p.note { color: #57606a; font-size: 13px; }
ul { padding-left: 1.4em; } li { margin: 4px 0; }
.table { overflow-x: auto; margin: 12px 0; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid #d0d7de; padding: 5px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: #f3f5f7; border-bottom: 2px solid #afb8c1; }
tbody th { font-weight: normal; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
figure.chart { margin: 16px 0; }
figure.chart svg { max-width: 100%; height: auto; }
section.conclusion { background: #eef5fb; border-left: 5px solid #0072B2; padding: 4px 18px 10px; margin: 0 0 24px; }
section.conclusion h2 { border: 0; margin: 10px 0 4px; }
section.conclusion ol { padding-left: 1.3em; margin: 0; font-size: 16px; font-weight: 600; }
dl { margin: 0; } dt { font-weight: bold; margin-top: 10px; } dd { margin: 2px 0 0 1.2em; }
footer { color: #57606a; font-size: 12px; margin-top: 40px; border-top: 1px solid #d0d7de; padding-top: 8px; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2, h3 { break-after: avoid; }
  figure.chart, tr, dt, dd { break-inside: avoid; }
  thead { display: table-header-group; }
  .table { overflow: visible; }
}
`;
