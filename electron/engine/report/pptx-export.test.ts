import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { setCostSettings } from '../cost/settings.js';
import { buildReport, exportReport } from './build-report.js';
import { reportFontConfig } from './font-config.js';
import { getReportFile } from './report-files.js';
import { seedPilot, type SeededPilot } from './seeded-report.fixture.js';
import { useTempHomeDatabase } from '../store/temp-home.fixture.js';

// a real reader opens the deck: LibreOffice Impress converts it to PDF, poppler reads the PDF's text back
const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;
const SLIDES = 7; // title, conclusion, speed and time, accuracy, TCO, data and licences, risks and next steps

const temp = useTempHomeDatabase('catlip-report-pptx-', 'all');
let pilot: SeededPilot;
beforeAll(() => {
  pilot = seedPilot(temp.db);
  setCostSettings(temp.db, {
    currency: 'JPY',
    gpuCostPerHour: 500,
    plan: { images: 400_000_000, epochs: 2, gpus: 64, bandwidthGBps: 50 },
    tco: {
      engineerRatePerHour: 6000,
      setupHours: 10,
      dataPreparationHours: 5,
      supervisionHoursPerTraining: 40,
      migrationHours: 100,
    },
  });
});

/** The deck converted to PDF by LibreOffice, with the report's fonts known to fontconfig and a private profile. */
function convert(file: string): string {
  const out = mkdtempSync(path.join(temp.home, 'pdf-'));
  execFileSync(
    'soffice',
    [`-env:UserInstallation=file://${out}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', out, file],
    {
      env: { ...process.env, FONTCONFIG_FILE: reportFontConfig(), HOME: out },
      stdio: 'pipe',
      timeout: 180_000,
    },
  );
  return path.join(out, path.basename(file).replace(/\.pptx$/, '.pdf'));
}

/** Text without any white space: LibreOffice wraps lines where the slide's box ends. */
const squeeze = (s: string) => s.replace(/\s+/g, '');

describe('PPTX slide deck', () => {
  it('is recorded as a pptx report with its media type', async () => {
    const written = await exportReport(temp.db, temp.home, {
      runs: [pilot.catlip, pilot.clip],
      lang: 'en',
      format: 'pptx',
    });
    expect(written.media_type).toBe('application/vnd.openxmlformats-officedocument.presentationml.presentation');
    expect(written.file_name).toMatch(/-en-\d{8}-\d{6}\.pptx$/);
    expect(readFileSync(written.path).subarray(0, 2).toString()).toBe('PK');
    expect(getReportFile(temp.db, written.report).format).toBe('pptx');
  });

  describe.skipIf(!soffice)(
    `opened by LibreOffice${soffice ? '' : ' — skipped: soffice (LibreOffice Impress) is not installed'}`,
    () => {
      for (const lang of ['ja', 'en'] as const) {
        it(`converts to ${SLIDES} pages with the conclusion and the key numbers as text (${lang})`, async () => {
          const report = buildReport(temp.db, { runs: [pilot.catlip, pilot.clip], lang });
          const written = await exportReport(temp.db, temp.home, {
            runs: [pilot.catlip, pilot.clip],
            lang,
            format: 'pptx',
          });
          const pdf = convert(written.path);
          const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
          expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(SLIDES);
          const text = squeeze(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }));
          // the three-line conclusion, word for word, in the deck's language
          for (const line of report.conclusion) expect(text).toContain(squeeze(line));
          const expected =
            lang === 'ja'
              ? [
                  '結論',
                  '速度と学習時間',
                  '総保有コスト',
                  'データの出所とライセンス',
                  'リスクと今後の進め方',
                  '160.0枚/秒',
                  '64.0枚/秒',
                  '82.0%',
                  '78.5%',
                  '+3.5ポイント',
                ]
              : [
                  'Conclusion',
                  'Speed and time',
                  'Total cost of ownership',
                  'Data sources and licences',
                  'Risks and next steps',
                  '160.0img/s',
                  '64.0img/s',
                  '82.0%',
                  '78.5%',
                  '+3.5pt',
                ];
          for (const s of expected) expect(text).toContain(squeeze(s));
          // pilot TCO: 140 s × ¥500/h ≈ ¥19 GPU + (10 + 5 + 0.04) h × ¥6,000 = ¥90,233 engineers → ¥90,253
          expect(text).toMatch(/[¥￥]90,253/);
        }, 240_000);
      }
    },
  );
});
