import pptxgenModule from 'pptxgenjs';
import { chartPng } from './chart-png.js';
import type { ChartLayout } from './charts/chart-layout.js';
import { INK, MUTED, SERIES_COLORS } from './charts/chart-layout.js';
import { managementText } from './management-text.js';
import type { Block, BlockId, ReportDocument } from './report-document.js';

/**
 * The report as a slide deck (pptxgenjs), from the same document as the PDF and HTML: title, conclusion,
 * speed and time, accuracy, total cost of ownership, data and licences, risks and next steps. Each chart is
 * a PNG picture beside the report's own table of its numbers, and the speaker notes repeat the numbers as
 * text. Japanese decks use Yu Gothic (in every Office install since Windows 8.1 and Office 2016 for Mac;
 * its Latin letters serve English words); English decks use Calibri.
 */

// the package's types describe its CommonJS build; Node's `import` loads its ES build, whose default export is the class
const PptxGenJS = pptxgenModule as unknown as typeof pptxgenModule.default;
type Slide = ReturnType<InstanceType<typeof PptxGenJS>['addSlide']>;

const WIDE = { w: 13.333, h: 7.5 };
const MARGIN = 0.5;
const hex = (c: string) => c.replace('#', '').toUpperCase();

export async function renderPptx(doc: ReportDocument): Promise<Buffer> {
  const m = managementText(doc.lang);
  const font = doc.lang === 'ja' ? 'Yu Gothic' : 'Calibri';
  const lang = doc.lang === 'ja' ? 'ja-JP' : 'en-US';
  const text = { fontFace: font, lang, color: hex(INK) };
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.title = doc.title;
  pptx.subject = doc.subtitle;
  pptx.author = 'CatLIP Pilot';
  pptx.company = 'CatLIP Pilot';
  pptx.theme = { headFontFace: font, bodyFontFace: font };

  const table = (id: BlockId) =>
    doc.blocks.find((b): b is Extract<Block, { type: 'table' }> => b.type === 'table' && b.id === id) ?? null;
  const list = (id: BlockId) =>
    doc.blocks.find((b): b is Extract<Block, { type: 'list' }> => b.type === 'list' && b.id === id)?.items ?? [];
  const chart = (...ids: string[]) =>
    ids.map((id) => doc.charts.find((c) => c.id === id)).find((c) => c !== undefined) ?? null;

  const slideWithTitle = (title: string) => {
    const slide = pptx.addSlide();
    slide.addText(title, { ...text, x: MARGIN, y: 0.3, w: WIDE.w - 2 * MARGIN, h: 0.7, fontSize: 26, bold: true });
    slide.addShape(pptx.ShapeType.rect, {
      x: MARGIN,
      y: 1.0,
      w: WIDE.w - 2 * MARGIN,
      h: 0.04,
      fill: { color: hex(SERIES_COLORS[0]) },
      line: { color: hex(SERIES_COLORS[0]) },
    });
    slide.slideNumber = { x: WIDE.w - 1.0, y: WIDE.h - 0.45, fontFace: font, fontSize: 10, color: hex(MUTED) };
    slide.addText(doc.footer, { ...text, x: MARGIN, y: WIDE.h - 0.45, w: 8, h: 0.3, fontSize: 10, color: hex(MUTED) });
    return slide;
  };
  const addTable = (
    slide: Slide,
    b: Extract<Block, { type: 'table' }>,
    box: { x: number; y: number; w: number },
    fontSize = 11,
  ) => {
    const total = b.columns.reduce((s, c) => s + (c.weight ?? 1), 0);
    const header = b.columns.map((c) => ({
      text: c.label,
      options: { bold: true, fill: { color: 'F3F5F7' }, align: 'left' as const },
    }));
    const rows = b.rows.map((r) =>
      r.map((cell, i) => ({
        text: cell,
        options: { align: (i > 0 && b.columns[i]?.align === 'right' ? 'right' : 'left') as 'right' | 'left' },
      })),
    );
    slide.addTable([header, ...rows], {
      ...text,
      ...box,
      fontSize,
      colW: b.columns.map((c) => (box.w * (c.weight ?? 1)) / total),
      border: { type: 'solid', pt: 0.5, color: 'D0D7DE' },
      margin: 0.05,
      valign: 'middle',
      // a long table continues on a new slide with its header repeated
      autoPage: true,
      autoPageRepeatHeader: true,
      autoPageLineWeight: 0.5,
    });
  };
  const addChart = async (slide: Slide, c: ChartLayout, box: { x: number; y: number; w: number; h: number }) => {
    const scale = Math.min(box.w / c.width, box.h / c.height);
    const png = await chartPng(c);
    slide.addImage({
      data: `image/png;base64,${png.toString('base64')}`,
      x: box.x,
      y: box.y,
      w: c.width * scale,
      h: c.height * scale,
      altText: c.title,
    });
  };
  const notesOf = (c: ChartLayout | null, ...tables: (Extract<Block, { type: 'table' }> | null)[]) =>
    [
      ...(c ? [c.title, m.deck.numbersInNotes] : []),
      ...tables
        .filter((b) => b !== null)
        .flatMap((b) => [b!.columns.map((col) => col.label).join(' | '), ...b!.rows.map((r) => r.join(' | ')), '']),
    ].join('\n');

  // 1. title
  const title = pptx.addSlide();
  title.addShape(pptx.ShapeType.rect, {
    x: 0,
    y: 0,
    w: 0.25,
    h: WIDE.h,
    fill: { color: hex(SERIES_COLORS[0]) },
    line: { color: hex(SERIES_COLORS[0]) },
  });
  title.addText(doc.title, {
    ...text,
    x: 1,
    y: 2.2,
    w: WIDE.w - 2,
    h: 1.8,
    fontSize: 36,
    bold: true,
    valign: 'bottom',
  });
  title.addText(doc.subtitle, { ...text, x: 1, y: 4.2, w: WIDE.w - 2, h: 0.8, fontSize: 16, color: hex(MUTED) });
  title.addText(doc.footer, { ...text, x: 1, y: 5.1, w: WIDE.w - 2, h: 0.5, fontSize: 14, color: hex(MUTED) });

  // 2. conclusion: three lines to read aloud; the executive summary in the notes
  const conclusion = slideWithTitle(m.conclusion.heading);
  conclusion.addText(
    doc.conclusion.map((line, i) => ({
      text: line,
      options: { bullet: { type: 'number' as const }, breakLine: i < doc.conclusion.length - 1, paraSpaceAfter: 18 },
    })),
    { ...text, x: MARGIN + 0.2, y: 1.4, w: WIDE.w - 2 * MARGIN - 0.4, h: 5.2, fontSize: 22, valign: 'top' },
  );
  conclusion.addNotes(doc.summary.join('\n'));

  // 3–5. chart on the left, its numbers on the right
  const sides = { chart: { x: MARGIN, y: 1.3, w: 6.4, h: 5.4 }, table: { x: 7.1, y: 1.3, w: WIDE.w - 7.1 - MARGIN } };
  const chartSlide = async (
    heading: string,
    c: ChartLayout | null,
    b: Extract<Block, { type: 'table' }> | null,
    empty: string,
  ) => {
    const slide = slideWithTitle(heading);
    if (c) await addChart(slide, c, b ? sides.chart : { ...sides.chart, w: WIDE.w - 2 * MARGIN });
    if (b) addTable(slide, b, c ? sides.table : { x: MARGIN, y: 1.3, w: WIDE.w - 2 * MARGIN }, c ? 10 : 12);
    if (!c && !b) slide.addText(empty, { ...text, x: MARGIN, y: 1.4, w: WIDE.w - 2 * MARGIN, h: 1, fontSize: 18 });
    slide.addNotes(notesOf(c, b));
    return slide;
  };
  await chartSlide(m.deck.speedAndTime, chart('throughput', 'wall-time'), table('time'), m.deck.noAccuracy);
  await chartSlide(m.deck.accuracy, chart('transfer-accuracy'), table('accuracy'), m.deck.noAccuracy);
  const tco = await chartSlide(
    m.deck.tco,
    chart('projected-cost', 'projected-gpu-hours', 'measured-cost'),
    table('tco'),
    '',
  );
  const tcoMissing = list('tco-missing');
  if (tcoMissing.length) {
    tco.addText(
      tcoMissing.map((item, i) => ({ text: item, options: { bullet: true, breakLine: i < tcoMissing.length - 1 } })),
      { ...text, x: sides.table.x, y: 5.2, w: sides.table.w, h: 1.6, fontSize: 10, color: hex(MUTED), valign: 'top' },
    );
  }

  // 6. data sources and licences
  const licences = table('licences');
  const licenceWarnings = list('licence-warnings');
  const data = slideWithTitle(m.deck.licences);
  if (licences) addTable(data, licences, { x: MARGIN, y: 1.3, w: WIDE.w - 2 * MARGIN }, 11);
  if (licenceWarnings.length) {
    data.addText(
      licenceWarnings.map((item, i) => ({
        text: item,
        options: { bullet: true, breakLine: i < licenceWarnings.length - 1 },
      })),
      { ...text, x: MARGIN, y: 5.2, w: WIDE.w - 2 * MARGIN, h: 1.5, fontSize: 14, color: 'B3261E', valign: 'top' },
    );
  }
  data.addNotes(notesOf(null, licences));

  // 7. risks and next steps: the roadmap, then what the report warns about
  const risks = slideWithTitle(m.deck.risks);
  const stepW = (WIDE.w - 2 * MARGIN - 0.6) / m.deck.roadmap.length;
  m.deck.roadmap.forEach((step, i) => {
    const x = MARGIN + i * (stepW + 0.3);
    risks.addShape(pptx.ShapeType.rect, {
      x,
      y: 1.3,
      w: stepW,
      h: 1.9,
      fill: { color: i === 0 ? 'E3F0FA' : 'F3F5F7' },
      line: { color: hex(SERIES_COLORS[0]), width: 1 },
    });
    risks.addText(
      [
        { text: step.step, options: { bold: true, breakLine: true, fontSize: 16 } },
        { text: step.text, options: { fontSize: 12 } },
      ],
      { ...text, x: x + 0.1, y: 1.35, w: stepW - 0.2, h: 1.8, valign: 'top' },
    );
  });
  const riskItems = [...licenceWarnings, ...list('warnings'), ...tcoMissing];
  if (riskItems.length) {
    risks.addText(
      riskItems.map((item, i) => ({
        text: item,
        options: { bullet: true, breakLine: i < riskItems.length - 1, paraSpaceAfter: 6 },
      })),
      { ...text, x: MARGIN, y: 3.5, w: WIDE.w - 2 * MARGIN, h: 3.3, fontSize: 13, valign: 'top', fit: 'shrink' },
    );
  }
  risks.addNotes(
    [m.deck.roadmapTitle, ...m.deck.roadmap.map((s) => `${s.step}: ${s.text}`), '', ...riskItems].join('\n'),
  );

  const out = await pptx.write({ outputType: 'nodebuffer', compression: true });
  return out as Buffer;
}
