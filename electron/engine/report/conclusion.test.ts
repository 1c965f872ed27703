import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { setCostSettings } from '../cost/settings.js';
import { buildReport, exportReport } from './build-report.js';
import { seedPilot } from './seeded-report.fixture.js';
import { useTempHomeDatabase } from '../store/temp-home.fixture.js';

const temp = useTempHomeDatabase('catlip-conclusion-');

const plan = { images: 400_000_000, epochs: 2, gpus: 64, bandwidthGBps: 50 };
const tco = {
  engineerRatePerHour: 100,
  setupHours: 10,
  dataPreparationHours: 5,
  supervisionHoursPerTraining: 40,
  migrationHours: 100,
};

describe('three-line conclusion', () => {
  it('opens with the measured speed-up, the accuracy difference and the TCO saving with its break-even', () => {
    const p = seedPilot(temp.db);
    setCostSettings(temp.db, { currency: 'USD', gpuCostPerHour: 500, plan, tco });
    const report = buildReport(temp.db, { runs: [p.catlip, p.clip], lang: 'en' });
    const [speed, accuracy, saving] = report.conclusion;
    // 6,400 images in 40 s (CatLIP) and 100 s (CLIP) of wall time
    expect(speed).toBe('Speed (measured): CatLIP trained 2.50× faster per image than CLIP on nvidia: NVIDIA RTX 4090.');
    // the headline test: linear probe, random init, all labels (82.0% vs 78.5%), with its 95% interval (one seed:
    // a bootstrap over the fixture's few test images, so wide and within noise)
    expect(accuracy).toBe(
      'Accuracy (measured): coco-mini, linear probe, random init, 100% of the labels: CatLIP 82.0% vs CLIP 78.5%, +3.5 pt ' +
        '(95% interval −25.0 pt to +25.0 pt, bootstrap over the test images with one seed; within noise: the interval includes no difference).',
    );
    expect(saving).toMatch(
      /^Saving \(projected\): \$[\d,.]+–\$[\d,.]+ less total cost of ownership per full-scale training with CatLIP \(Cloud\); the pilot and migration pay back after \d+(–\d+)? full-scale trainings\.$/,
    );
    // the conclusion comes before the executive summary
    const html = report.html;
    expect(html.indexOf('<section class="conclusion"><h2>Conclusion</h2>')).toBeGreaterThan(0);
    expect(html.indexOf('<section class="conclusion">')).toBeLessThan(html.indexOf('<h2>Executive summary</h2>'));
    expect(html).toContain('<h2>Total cost of ownership</h2>');
    // pilot: 140 s × $500/h = $19.44 measured; engineers (10 + 5 + 140/3600) h × $100 = $1,503.89; total $1,523.33
    expect(html).toContain('$19.44 (measured)');
    expect(html).toContain('$1,503.89 (entered)');
    expect(html).toContain('$1,523.33 (entered)');
    // investment: $1,523.33 + 100 h × $100
    expect(html).toContain('$11,523.33 (entered)');
  });

  it('names what is missing, in Japanese, when nothing is priced', () => {
    const p = seedPilot(temp.db, { evaluations: false });
    const report = buildReport(temp.db, { runs: [p.catlip, p.clip], lang: 'ja' });
    expect(report.conclusion[0]).toBe(
      '速度（実測）：nvidia: NVIDIA RTX 4090 で、CatLIP は CLIP より画像 1 枚あたり 2.50 倍高速に学習しました。',
    );
    expect(report.conclusion[1]).toBe(
      '精度：まだ評価していません。同じ下流データセットで両方のランを評価すると比較できます。',
    );
    expect(report.conclusion[2]).toMatch(
      /^削減額：まだ試算できません。比較画面で学習画像数（--plan-images）、エポック数（--plan-epochs）、GPU 台数（--plan-gpus）、技術者の時間単価、パイロットの環境構築の工数、データ準備の工数、GPU の単価/,
    );
  });

  it('falls back to the projected GPU cost and names the missing TCO inputs', () => {
    const p = seedPilot(temp.db);
    setCostSettings(temp.db, { currency: 'USD', gpuCostPerHour: 500, plan });
    const report = buildReport(temp.db, { runs: [p.catlip, p.clip], lang: 'en' });
    expect(report.conclusion[2]).toMatch(
      /^Saving \(projected, GPU cost only\): \$[\d,.]+–\$[\d,.]+ \(\d+%(–\d+%)?\) per full-scale training; the total cost of ownership still needs the engineers' hourly rate, the pilot's set-up hours, the data preparation hours, and the supervision hours per full-scale training\.$/,
    );
  });

  it('opens the CSV with the same three lines', async () => {
    const p = seedPilot(temp.db);
    setCostSettings(temp.db, { currency: 'USD', gpuCostPerHour: 500, plan, tco });
    const report = buildReport(temp.db, { runs: [p.catlip, p.clip], lang: 'en' });
    const written = await exportReport(temp.db, temp.home, { runs: [p.catlip, p.clip], lang: 'en', format: 'csv' });
    const lines = readFileSync(written.path, 'utf8').split('\r\n');
    expect(lines[1]).toContain('conclusion');
    expect(lines[1]).toContain(report.conclusion[0]);
    expect(lines[3]).toContain(report.conclusion[2].slice(0, 30));
    expect(lines.some((l) => /^tco,,,cloud\.pilot\.total\.low,,,,,,1523\.3/.test(l))).toBe(true);
  });
});
