import type {} from 'pdfkit';
import type { ChartLayout } from './chart-layout.js';

/** How the report's PDF writer lets a chart draw text: its fonts, and the text with uncovered characters replaced. */
export interface PdfText {
  regular: string;
  bold: string;
  safe(text: string): string;
}

/**
 * Paints a chart layout onto the current PDF page as vectors, its top left at (x, y), scaled by `scale`
 * (chart pixels → PDF points). Text is placed at the layout's anchor points, measured with the real font.
 */
export function paintChartPdf(
  doc: PDFKit.PDFDocument,
  chart: ChartLayout,
  x: number,
  y: number,
  scale: number,
  fonts: PdfText,
): void {
  doc.save();
  doc.translate(x, y).scale(scale);
  doc.rect(0, 0, chart.width, chart.height).fill('#ffffff');
  for (const i of chart.items) {
    switch (i.kind) {
      case 'rect':
        if (i.w > 0 && i.h > 0)
          doc
            .rect(i.x, i.y, i.w, i.h)
            .fillOpacity(i.opacity ?? 1)
            .fill(i.fill)
            .fillOpacity(1);
        break;
      case 'line':
        doc.moveTo(i.x1, i.y1).lineTo(i.x2, i.y2).lineWidth(i.width);
        if (i.dash) doc.dash(i.dash[0], { space: i.dash[1] });
        doc.stroke(i.stroke).undash();
        break;
      case 'polyline': {
        const [first, ...rest] = i.points;
        doc.moveTo(first[0], first[1]);
        for (const [px, py] of rest) doc.lineTo(px, py);
        doc.lineWidth(i.width).lineJoin('round').stroke(i.stroke);
        break;
      }
      case 'text': {
        const text = fonts.safe(i.text);
        doc
          .font(i.bold ? fonts.bold : fonts.regular)
          .fontSize(i.size)
          .fillColor(i.fill);
        const w = doc.widthOfString(text);
        const left = i.anchor === 'start' ? i.x : i.anchor === 'middle' ? i.x - w / 2 : i.x - w;
        doc.text(text, left, i.y, { baseline: 'alphabetic', lineBreak: false });
        break;
      }
    }
  }
  doc.restore();
}
