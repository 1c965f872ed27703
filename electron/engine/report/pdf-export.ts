import PDFDocument from 'pdfkit';
import { GRID, INK, MUTED, SERIES_COLORS } from './charts/chart-layout.js';
import { paintChartPdf, type PdfText } from './charts/pdf-painter.js';
import { coveredText, reportFontPaths, type GlyphCoverage } from './fonts.js';
import type { Block, ReportDocument } from './report-document.js';

/**
 * The report as an A4 PDF (pdfkit): the embedded Noto Sans CJK JP subset renders Japanese anywhere; long
 * text wraps; tables wrap their cells and repeat their header row on each page they continue on; charts
 * are vectors painted from the same layouts as the HTML's SVG; every page has a numbered footer.
 */

const MARGIN = { top: 56, bottom: 64, left: 50, right: 50 };
const SIZE = { title: 19, subtitle: 9.5, h2: 14.5, h3: 12, body: 10, note: 9, table: 8.5, footer: 8 };
const CELL_PAD = 4;

export async function renderPdf(doc: ReportDocument): Promise<Buffer> {
  const fonts = reportFontPaths();
  const pdf = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: doc.lang === 'ja' ? 'ja-JP' : 'en-US',
    displayTitle: true,
    info: { Title: doc.title, Author: 'CatLIP Pilot', Subject: doc.subtitle, CreationDate: doc.generatedAt },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on('end', resolve);
    pdf.on('error', reject);
  });

  pdf.registerFont('regular', fonts.regular);
  pdf.registerFont('bold', fonts.bold);
  pdf.font('regular');
  // pdfkit keeps the fontkit font it opened: its cmap says which characters the subset can draw
  const coverage = (pdf as unknown as { _font: { font: GlyphCoverage } })._font.font;
  const cache = new Map<number, boolean>();
  const text: PdfText = { regular: 'regular', bold: 'bold', safe: (s) => coveredText(s, coverage, cache) };
  new Writer(pdf, text).write(doc);

  pdf.end();
  await ended;
  return Buffer.concat(chunks);
}

class Writer {
  private readonly left = MARGIN.left;
  private readonly width: number;
  private readonly bottom: number;

  constructor(
    private readonly pdf: PDFKit.PDFDocument,
    private readonly t: PdfText,
  ) {
    this.width = pdf.page.width - MARGIN.left - MARGIN.right;
    this.bottom = pdf.page.height - MARGIN.bottom;
  }

  write(doc: ReportDocument): void {
    const { pdf, t } = this;
    pdf
      .font(t.bold)
      .fontSize(SIZE.title)
      .fillColor(INK)
      .text(t.safe(doc.title), this.left, MARGIN.top, { width: this.width, lineGap: 2 });
    pdf.moveDown(0.3);
    pdf.font(t.regular).fontSize(SIZE.subtitle).fillColor(MUTED).text(t.safe(doc.subtitle), { width: this.width });
    pdf.moveDown(0.6);
    for (const b of doc.blocks) this.block(b);
    this.footers(doc.footer);
  }

  private block(b: Block): void {
    const { pdf, t } = this;
    switch (b.type) {
      case 'heading': {
        const size = b.level === 2 ? SIZE.h2 : SIZE.h3;
        // keep a heading with what follows it
        this.ensure(size * 2 + 70);
        pdf.y += b.level === 2 ? 10 : 4;
        pdf.font(t.bold).fontSize(size).fillColor(INK).text(t.safe(b.text), this.left, pdf.y, { width: this.width });
        if (b.level === 2) {
          pdf
            .moveTo(this.left, pdf.y + 1)
            .lineTo(this.left + this.width, pdf.y + 1)
            .lineWidth(1.2)
            .stroke(SERIES_COLORS[0]);
          pdf.y += 6;
        } else {
          pdf.y += 3;
        }
        break;
      }
      case 'paragraph':
        this.ensure(30);
        pdf
          .font(t.regular)
          .fontSize(b.note ? SIZE.note : SIZE.body)
          .fillColor(b.note ? MUTED : INK)
          .text(t.safe(b.text), this.left, pdf.y, { width: this.width, lineGap: 2.5 });
        pdf.y += 6;
        break;
      case 'list':
        for (const item of b.items) {
          const s = t.safe(item);
          pdf.font(t.regular).fontSize(SIZE.body);
          this.ensure(Math.min(pdf.heightOfString(s, { width: this.width - 14, lineGap: 2.5 }), 60));
          const y = pdf.y;
          pdf.fillColor(INK).text('•', this.left + 2, y, { lineBreak: false });
          pdf.text(s, this.left + 14, y, { width: this.width - 14, lineGap: 2.5 });
          pdf.y += 4;
        }
        pdf.y += 4;
        break;
      case 'table':
        this.table(
          b.columns.map((c) => ({ label: c.label, align: c.align, weight: c.weight ?? 1 })),
          b.rows,
        );
        break;
      case 'chart': {
        const scale = Math.min(1, this.width / b.chart.width);
        const h = b.chart.height * scale;
        this.ensure(h + 10);
        // painting text moves pdfkit's cursor: continue below the chart from where it started
        const top = pdf.y;
        paintChartPdf(pdf, b.chart, this.left + (this.width - b.chart.width * scale) / 2, top + 4, scale, t);
        pdf.x = this.left;
        pdf.y = top + h + 14;
        break;
      }
      case 'conclusion': {
        // a tinted box the reader sees first: heading and the three numbered lines in bold
        const width = this.width - 24;
        pdf.font(t.bold).fontSize(SIZE.body + 0.5);
        const lines = b.lines.map((l, i) => `${i + 1}. ${t.safe(l)}`);
        const height =
          SIZE.h2 + 14 + lines.reduce((h, l) => h + pdf.heightOfString(l, { width, lineGap: 2.5 }) + 5, 0) + 10;
        this.ensure(height);
        const top = pdf.y;
        pdf.rect(this.left, top, this.width, height).fill('#eef5fb');
        pdf.rect(this.left, top, 4, height).fill(SERIES_COLORS[0]);
        pdf
          .font(t.bold)
          .fontSize(SIZE.h2)
          .fillColor(INK)
          .text(t.safe(b.heading), this.left + 14, top + 8, { width });
        pdf.y += 4;
        pdf.font(t.bold).fontSize(SIZE.body + 0.5);
        for (const line of lines) {
          pdf.text(line, this.left + 14, pdf.y, { width, lineGap: 2.5 });
          pdf.y += 5;
        }
        pdf.x = this.left;
        pdf.y = top + height + 10;
        break;
      }
      case 'definitions':
        for (const d of b.items) {
          const [term, body] = [t.safe(d.term), t.safe(d.text)];
          pdf.font(t.regular).fontSize(SIZE.note);
          this.ensure(SIZE.body * 1.6 + Math.min(pdf.heightOfString(body, { width: this.width - 14, lineGap: 2 }), 80));
          pdf.font(t.bold).fontSize(SIZE.body).fillColor(INK).text(term, this.left, pdf.y, { width: this.width });
          pdf
            .font(t.regular)
            .fontSize(SIZE.note)
            .fillColor(INK)
            .text(body, this.left + 14, pdf.y + 1, { width: this.width - 14, lineGap: 2 });
          pdf.y += 6;
        }
        break;
    }
  }

  /** A table whose cells wrap; a row that does not fit starts a new page, which repeats the header row. */
  private table(columns: { label: string; align: 'left' | 'right'; weight: number }[], rows: string[][]): void {
    const { pdf, t } = this;
    const total = columns.reduce((s, c) => s + c.weight, 0);
    const widths = columns.map((c) => (this.width * c.weight) / total);
    const heightOf = (cells: string[], font: string) => {
      pdf.font(font).fontSize(SIZE.table);
      return (
        Math.max(
          ...cells.map((c, i) => pdf.heightOfString(t.safe(c), { width: widths[i] - 2 * CELL_PAD, lineGap: 1 })),
        ) +
        2 * CELL_PAD
      );
    };
    const draw = (cells: string[], font: string, header: boolean) => {
      const h = heightOf(cells, font);
      const y = pdf.y;
      if (header) pdf.rect(this.left, y, this.width, h).fill('#f3f5f7');
      let x = this.left;
      pdf.font(font).fontSize(SIZE.table).fillColor(INK);
      cells.forEach((c, i) => {
        // the first column names the row: left-aligned whatever the column's numbers do
        const align = i > 0 && columns[i].align === 'right' ? 'right' : 'left';
        pdf.text(t.safe(c), x + CELL_PAD, y + CELL_PAD, { width: widths[i] - 2 * CELL_PAD, align, lineGap: 1 });
        x += widths[i];
      });
      pdf
        .moveTo(this.left, y + h)
        .lineTo(this.left + this.width, y + h)
        .lineWidth(header ? 1 : 0.5)
        .stroke(header ? MUTED : GRID);
      pdf.x = this.left;
      pdf.y = y + h;
    };
    const header = columns.map((c) => c.label);
    const headerHeight = heightOf(header, t.bold);
    this.ensure(headerHeight + heightOf(rows[0] ?? [], t.regular));
    pdf.y += 2;
    draw(header, t.bold, true);
    for (const row of rows) {
      if (pdf.y + heightOf(row, t.regular) > this.bottom) {
        pdf.addPage();
        draw(header, t.bold, true);
      }
      draw(row, t.regular, false);
    }
    pdf.y += 10;
  }

  /** Starts a new page unless `height` points still fit above the bottom margin. */
  private ensure(height: number): void {
    if (this.pdf.y + height > this.bottom) this.pdf.addPage();
    this.pdf.x = this.left;
  }

  /** "title · n / N" at the foot of every page, written after the content so N is known. */
  private footers(footer: string): void {
    const { pdf, t } = this;
    const range = pdf.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      pdf.switchToPage(i);
      // below the bottom margin: lift the margin so that pdfkit does not start a new page for this text
      const margin = pdf.page.margins.bottom;
      pdf.page.margins.bottom = 0;
      const y = pdf.page.height - MARGIN.bottom + 26;
      pdf
        .moveTo(this.left, y - 6)
        .lineTo(this.left + this.width, y - 6)
        .lineWidth(0.5)
        .stroke(GRID);
      pdf.font(t.regular).fontSize(SIZE.footer).fillColor(MUTED);
      pdf.text(t.safe(footer), this.left, y, { width: this.width * 0.75, lineBreak: false });
      pdf.text(`${i - range.start + 1} / ${range.count}`, this.left, y, {
        width: this.width,
        align: 'right',
        lineBreak: false,
      });
      pdf.page.margins.bottom = margin;
    }
  }
}
