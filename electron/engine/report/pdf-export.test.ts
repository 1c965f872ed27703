import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { setCostSettings } from '../cost/settings.js';
import { exportReport } from './build-report.js';
import { coveredText, MISSING_GLYPH } from './fonts.js';
import { seedPilot, type SeededPilot } from './seeded-report.fixture.js';
import { useTempHomeDatabase } from '../store/temp-home.fixture.js';

// poppler-utils (pdfinfo, pdffonts, pdftotext) reads the PDFs back as any viewer would
const poppler = (tool: string, file: string, ...args: string[]) =>
  execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
/** pdftotext output with line breaks and runs of spaces made single spaces, so wrapped text still matches. */
const textOf = (file: string) => poppler('pdftotext', file).replace(/\s+/g, ' ');

const temp = useTempHomeDatabase('catlip-report-pdf-', 'all');
let pilot: SeededPilot;
beforeAll(() => {
  pilot = seedPilot(temp.db, { datasetName: 'coco 🐶 mini' });
  setCostSettings(temp.db, {
    gpuCostPerHour: 500,
    plan: { images: 400_000_000, epochs: 2, gpus: 64, bandwidthGBps: 50 },
  });
});

describe('PDF report', () => {
  for (const lang of ['ja', 'en'] as const) {
    it(`has several A4 pages, an embedded Japanese font and the measured numbers as text (${lang})`, async () => {
      const written = await exportReport(temp.db, temp.home, { runs: [pilot.catlip, pilot.clip], lang, format: 'pdf' });
      expect(written.media_type).toBe('application/pdf');
      const info = poppler('pdfinfo', written.path);
      expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThan(1);
      expect(info).toMatch(/Page size:\s+595\.\d* x 841\.\d* pts \(A4\)/);
      // "name type encoding emb sub uni": the CJK face embedded as a subset
      expect(poppler('pdffonts', written.path)).toMatch(
        /\+NotoSansCJKjp-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes\s+yes/,
      );
      const text = textOf(written.path);
      const expected =
        lang === 'ja'
          ? [
              '結論',
              '総保有コスト（TCO）',
              '要旨',
              '主要指標',
              '転移学習の精度',
              '学習時間とコスト（実測）',
              '本番規模での試算',
              '各ランの設定',
              '試算の前提条件',
              '用語集',
              '160.0 枚/秒',
              '64.0 枚/秒',
              '2.50 倍',
              '82.0%',
              '3.5 ポイント上回りました',
            ]
          : [
              'Conclusion',
              'Total cost of ownership',
              'Executive summary',
              'Results at a glance',
              'Transfer accuracy',
              'Training time and cost (measured)',
              'Full-scale projection',
              'Run settings',
              'Glossary',
              '160.0 img/s',
              '64.0 img/s',
              '2.50×',
              '82.0%',
              '+3.5 pt',
            ];
      for (const s of expected) expect(text).toContain(s);
      // the footer numbers every page
      const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
      expect(text).toMatch(new RegExp(`\\b${pages} ?/ ?${pages}\\b`));
      // the emoji in the dataset's name has no glyph: replaced visibly, never dropped
      expect(text).toContain(`coco ${MISSING_GLYPH} mini`);
    });
  }

  it('replaces exactly the characters the font lacks', () => {
    const font = { hasGlyphForCodePoint: (cp: number) => cp < 0x1f000 };
    expect(coveredText('犬 🐶 dog\n', font)).toBe('犬 〓 dog\n');
    expect(coveredText('❤️', { hasGlyphForCodePoint: () => false })).toBe('?');
  });
});
