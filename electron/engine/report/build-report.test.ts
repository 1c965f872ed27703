import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ReportExportSchema, ReportSchema } from '../../shared/report.js';
import { setCostSettings } from '../cost/settings.js';
import { seedDataset, seedRun, seedVocabulary } from '../cost/seeded-runs.fixture.js';
import { insertEvaluation } from '../evaluation/evaluation-repository.js';
import { buildReport, exportReport } from './build-report.js';
import { CSV_COLUMNS } from './csv-export.js';
import { getReportFile } from './report-files.js';
import { JA } from './text-ja.js';
import { seedPilot } from './seeded-report.fixture.js';
import { useTempHomeDatabase } from '../store/temp-home.fixture.js';

const temp = useTempHomeDatabase('catlip-report-');

const at = new Date('2026-03-02T01:30:00Z');
const plan = {
  gpuCostPerHour: 500,
  electricityPerKwh: 30,
  plan: { images: 400_000_000, epochs: 2, gpus: 64, bandwidthGBps: 50 },
};

describe('buildReport', () => {
  it('writes the executive summary from the measured runs, evaluations and projection (English)', () => {
    const p = seedPilot(temp.db);
    setCostSettings(temp.db, { ...plan, currency: 'USD' });
    const report = buildReport(temp.db, { runs: [p.catlip, p.clip], lang: 'en' }, { now: at });
    expect(ReportSchema.parse(report)).toEqual(report);
    const [scope, speed, acc100, acc10, transfer, pilot, projection] = report.summary;
    expect(scope).toBe(
      `This report compares CatLIP (run ${p.catlip}) and CLIP (run ${p.clip}). They share the image encoder (probe, 64 px, patch 8), the dataset (coco-mini, 6,400 images seen per run) and the batch size (64), so the training objective is the only difference.`,
    );
    // 6,400 images in 40 s and 100 s of wall time; 32 s and 90 s of compute
    expect(speed).toBe(
      'On nvidia: NVIDIA RTX 4090, CatLIP trained at 160.0 img/s and CLIP at 64.0 img/s: per image, CatLIP was 2.50× faster (2.81× counting compute time alone).',
    );
    // one seed: a bootstrap over the 20 test images of each run, which cannot tell 3.5 points from noise
    expect(acc100).toMatch(
      /^Transfer accuracy, linear probe on coco-mini \(random init, 100% of the labels\): CatLIP 82\.0%, CLIP 78\.5% — CatLIP \+3\.5 pt \(95% interval −\d+\.\d pt to \+\d+\.\d pt, bootstrap over the test images with one seed; within noise: the interval includes no difference\)\.$/,
    );
    expect(acc10).toMatch(
      /^Transfer accuracy, linear probe on coco-mini \(random init, 10% of the labels\): CatLIP 60\.0%, CLIP 62\.0% — CatLIP −2\.0 pt \(95% interval .*; within noise/,
    );
    expect(transfer).toMatch(
      /^With Transfer Init .* CatLIP reached 71\.0% on coco-mini with 10% of the labels, against 62\.0% for CLIP/,
    );
    // 40 s and 100 s at $500/h + 0.0064 / 0.016 kWh at $30
    expect(pilot).toBe(
      'The pilot itself used 0.0111 GPU-hours (CatLIP) and 0.0278 GPU-hours (CLIP), costing $5.75 (CatLIP) and $14.37 (CLIP).',
    );
    expect(projection).toMatch(
      /^Projected to the full-scale plan \(400,000,000 images × 2 epochs on 64 GPUs\), CatLIP would cost \$[\d,]+\.\d\d–\$[\d,]+\.\d\d against \$[\d,]+\.\d\d–\$[\d,]+\.\d\d for CLIP: a saving of .* \(\d+%(–\d+%)?\), [\d.]+×(–[\d.]+×)? faster\. This is a projection/,
    );
    expect(report.charts.map((c) => c.id)).toEqual([
      'throughput',
      'transfer-accuracy',
      'time-per-step',
      'wall-time',
      'measured-cost',
      'projected-cost',
      'training-loss-catlip',
      'training-loss-clip',
      'throughput-over-steps',
    ]);
    expect(report.generated_at).toBe(at.toISOString());
    // the settings table states each run's recipe and the vocabulary's threshold
    expect(report.html).toContain('2: CC3M’s V_tau = 500 per 3.3M captions, scaled to 100 captions');
    expect(report.html).toContain('Training recipe');
  });

  it('names the dataset view a run trained on, with its filters, in the settings table', () => {
    const p = seedPilot(temp.db);
    setCostSettings(temp.db, plan);
    // without views: the whole dataset
    expect(buildReport(temp.db, { runs: [p.catlip, p.clip], lang: 'en' }, { now: at }).html).toContain(
      'whole dataset (no view)',
    );
    // both runs on one view (runs on different views are not comparable)
    for (const run of [p.catlip, p.clip]) {
      const config = JSON.parse(
        temp.db.prepare('SELECT config_json FROM runs WHERE id = ?').pluck().get(run) as string,
      );
      config.view = {
        name: 'clean',
        mode: 'paper',
        filters: { dropNoClass: true, dropNearDuplicates: true, languages: ['ja'] },
      };
      temp.db.prepare('UPDATE runs SET config_json = ? WHERE id = ?').run(JSON.stringify(config), run);
    }
    const en = buildReport(temp.db, { runs: [p.catlip, p.clip], lang: 'en' }, { now: at });
    expect(en.html).toContain('Data (dataset view)');
    expect(en.html).toContain(
      'clean: captions without a class dropped (paper labelling); languages ja; near-duplicate images dropped (one kept per group)',
    );
    expect(en.html).not.toContain('whole dataset (no view)');
    const ja = buildReport(temp.db, { runs: [p.catlip, p.clip], lang: 'ja' }, { now: at });
    expect(ja.html).toContain(
      'clean：クラスのないキャプションを除外（paper 方式）、言語 日本語、ほぼ重複する画像を除外（各グループ 1 枚を残す）',
    );
  });

  it('writes Japanese as Japanese, with Japanese number, money and date formats', () => {
    const p = seedPilot(temp.db);
    setCostSettings(temp.db, plan);
    const report = buildReport(temp.db, { runs: [p.catlip, p.clip], lang: 'ja' }, { now: at });
    expect(report.title).toBe('CatLIP パイロット報告書：coco-mini における CatLIP と CLIP の比較');
    expect(report.summary[1]).toBe(
      'nvidia: NVIDIA RTX 4090 での学習速度は、CatLIP が 160.0 枚/秒、CLIP が 64.0 枚/秒でした。画像 1 枚あたりの学習時間で比べると、CatLIP は CLIP より 2.50 倍高速です（計算時間のみで比べると 2.81 倍）。',
    );
    expect(report.summary[2]).toMatch(
      /^転移精度（coco-mini、線形プローブ、ランダム初期化、ラベル 100% 使用）：CatLIP 82\.0%、CLIP 78\.5%。CatLIP が 3\.5 ポイント上回りました（シード 1 つでのテスト画像のブートストラップによる 95% 区間は −\d+\.\d ポイント〜\+\d+\.\d ポイント、差は誤差の範囲内です）。$/,
    );
    expect(report.summary[3]).toMatch(/CatLIP が 2\.0 ポイント下回りました（.*95% 区間.*）。$/);
    expect(report.summary[5]).toBe(
      'パイロット自体の計算資源は、CatLIP が 0.0111 GPU 時間、CLIP が 0.0278 GPU 時間でした（費用は CatLIP ￥6、CLIP ￥14）。',
    );
    expect(report.summary[6]).toMatch(
      /^本番規模の計画（400,000,000 枚 × 2 エポック、GPU 64 台）に当てはめると、費用は CatLIP が ￥[\d,]+〜￥[\d,]+、CLIP が ￥[\d,]+〜￥[\d,]+ と試算され/,
    );
    expect(report.html).toContain('<html lang="ja">');
    expect(report.html).toMatch(/作成日時：2026年3月2日/);
    expect(report.html).toContain('<h2>用語集</h2>');
    expect(report.charts.find((c) => c.id === 'throughput')!.title).toBe('学習速度（毎秒の画像枚数、実時間ベース）');
  });

  it("gives the Japanese projection assumptions item for item with the engine's English list", () => {
    const p = seedPilot(temp.db);
    setCostSettings(temp.db, plan);
    const items = (lang: 'ja' | 'en') => {
      const html = buildReport(temp.db, { runs: [p.catlip, p.clip], lang }).html;
      const heading = lang === 'ja' ? '試算の前提条件' : 'Assumptions of the projection';
      const list = html.slice(html.indexOf(`<h3>${heading}</h3>`)).match(/<ul>(.*?)<\/ul>/)![1];
      return list.split('<li>').length - 1;
    };
    expect(items('ja')).toBe(items('en'));
    expect(buildReport(temp.db, { runs: [p.catlip, p.clip], lang: 'ja' }).html).toContain(
      'パイロットのネットワーク（画像エンコーダー probe：64 px、パッチ 8、幅 384、6 ブロック／CLIP のテキストエンコーダー：幅 384、6 層、文脈長 32）',
    );
    expect(items('en')).toBeGreaterThan(5);
    expect(JA.assumptions).not.toBeNull();
  });

  it('says what is missing instead of inventing it: no evaluations, no prices, no plan', () => {
    const p = seedPilot(temp.db, { evaluations: false });
    const en = buildReport(temp.db, { runs: [p.catlip, p.clip], lang: 'en' });
    expect(en.summary).toContain(
      'Transfer accuracy has not been evaluated yet for both runs on the same downstream dataset, method and label fraction; evaluate each run (Compare screen or catlip-pilot eval) to see the difference here.',
    );
    // the last sentence warns that the seeded dataset's licence is unknown; the one before names the missing plan
    expect(en.summary.at(-1)).toMatch(/^Caution: the licence of the training data coco-mini is unknown/);
    expect(en.summary.at(-2)).toBe(
      'The full-scale cost is not projected yet: the plan still needs the number of images (--plan-images), the number of epochs (--plan-epochs), and the number of GPUs (--plan-gpus). Set them on the Compare screen (or with catlip-pilot compare … --save).',
    );
    const ja = buildReport(temp.db, { runs: [p.catlip, p.clip], lang: 'ja' });
    expect(ja.summary).toContain(JA.notEvaluated);
    expect(ja.summary.at(-2)).toMatch(
      /^本番規模のコストはまだ試算できません。計画値として学習画像数（--plan-images）、エポック数（--plan-epochs）、GPU 台数（--plan-gpus）の設定が必要です/,
    );
    // charts without data are left out, not drawn empty
    const ids = en.charts.map((c) => c.id);
    expect(ids).not.toContain('transfer-accuracy');
    expect(ids).not.toContain('projected-cost');
    expect(ids).not.toContain('measured-cost');
    expect(ids).toContain('measured-gpu-hours');
  });

  it('refuses runs on different devices unless allowed; then says first that the speed-up mixes hardware, in both languages', () => {
    const p = seedPilot(temp.db, { device: 'nvidia: NVIDIA RTX 4090', clipDevice: 'mesa: llvmpipe (LLVM 19)' });
    expect(() => buildReport(temp.db, { runs: [p.catlip, p.clip], lang: 'en' })).toThrow(
      /different hardware.*--allow-mismatch/,
    );
    const onlyDifference = { en: 'the training objective is the only difference', ja: '違いは学習方式のみです' };
    for (const lang of ['en', 'ja'] as const) {
      const { summary } = buildReport(temp.db, { runs: [p.catlip, p.clip], lang, allowMismatch: true }, { now: at });
      expect(summary[0]).toMatch(
        lang === 'en'
          ? /^Caution: the speed-up below mixes hardware and objective\./
          : /^ご注意：以下の速度差には、機器の違いと学習方式の違いが混ざっています。/,
      );
      for (const device of ['nvidia: NVIDIA RTX 4090', 'mesa: llvmpipe (LLVM 19)']) {
        expect(summary[0]).toContain(device);
        expect(summary[2]).toContain(device);
      }
      expect(summary.join('\n')).not.toContain(onlyDifference[lang]);
      expect(
        buildReport(temp.db, { runs: [p.catlip, p.clip], lang, allowMismatch: true }, { now: at }).html,
      ).not.toContain(onlyDifference[lang]);
    }
    const same = seedPilot(temp.db, { datasetName: 'same-device' });
    expect(buildReport(temp.db, { runs: [same.catlip, same.clip], lang: 'ja' }, { now: at }).summary[0]).toContain(
      onlyDifference.ja,
    );
  });

  it('gives the speed-up and accuracy differences with 95% intervals over seeds, in both languages', () => {
    // speed-ups 2.50× (seed 0), 2.25× (seed 1: CLIP 90 s), 3.25× (seed 2: CLIP 130 s): mean 2.67, s 0.52, t(2) 4.303;
    // accuracy differences +3.5, +4.5, +2.5 points: mean +3.5, s 1.0
    const p = seedPilot(temp.db, { seeds: 3 });
    const request = { runs: [p.catlip, p.clip], repeats: p.repeats.map((pair) => [...pair]) };
    const en = buildReport(temp.db, { ...request, lang: 'en' }, { now: at }).summary;
    expect(en[1]).toMatch(
      /CatLIP was 2\.50× faster \(2\.81× counting compute time alone\); mean over 3 seeds 2\.67×, 95% interval 1\.37× to 3\.96×, t-interval over seeds\.$/,
    );
    expect(en[2]).toMatch(
      /CatLIP \+3\.5 pt \(mean over 3 seeds \+3\.5 pt, 95% interval \+1\.0 pt to \+6\.0 pt, t-interval over seeds\)\.$/,
    );
    const ja = buildReport(temp.db, { ...request, lang: 'ja' }, { now: at }).summary;
    expect(ja[1]).toMatch(/3 シードの平均は 2\.67 倍、シード間の t 区間による 95% 区間は 1\.37 倍〜3\.96 倍。$/);
    expect(ja[2]).toMatch(
      /CatLIP が 3\.5 ポイント上回りました（3 シードの平均は \+3\.5 ポイント、シード間の t 区間による 95% 区間は \+1\.0 ポイント〜\+6\.0 ポイント）。$/,
    );
    expect(() => buildReport(temp.db, { runs: [p.catlip, p.clip], repeats: [[p.repeats[0][0]]] })).toThrow();
  });

  it("says that CatLIP zero-shot is this app's extension and CLIP uses a prompt ensemble, only where zero-shot was evaluated", () => {
    const p = seedPilot(temp.db);
    const notes = {
      en: 'extension, not a result of the CatLIP paper',
      ja: '本アプリ独自の拡張であり、CatLIP 論文の結果ではありません',
    };
    expect(buildReport(temp.db, { runs: [p.catlip, p.clip], lang: 'en' }).html).not.toContain(notes.en);
    for (const [run, top1] of [
      [p.catlip, 0.4],
      [p.clip, 0.3],
    ]) {
      insertEvaluation(temp.db, {
        run,
        datasetId: p.dataset,
        method: 'zero-shot',
        init: 'none',
        fraction: 1,
        seed: 0,
        settings: { train_items: 0, test_items: 20, backend: 'cpu' },
        top1,
        top5: null,
        perClass: {},
        classes: [],
        confusion: [],
        unmatchedClasses: [],
        seconds: 1,
      });
    }
    for (const lang of ['en', 'ja'] as const) {
      const html = buildReport(temp.db, { runs: [p.catlip, p.clip], lang }).html;
      expect(html).toContain(notes[lang]);
      expect(html).toContain(lang === 'en' ? 'prompt ensemble (8 templates' : 'プロンプトのアンサンブル');
    }
  });

  it('notes a run whose wall time was mostly batch preparation on the CPU', () => {
    const data = seedDataset(temp.db, 'host-bound');
    const vocabulary = seedVocabulary(temp.db, data, [[2084071, 'dog.n.01', 40]]);
    // CatLIP: 30 s data of 40 s wall (75%); CLIP: 30 of 100 s (30%)
    const catlip = seedRun(temp.db, {
      datasetId: data,
      objective: 'catlip',
      vocabulary,
      dataSeconds: 30,
      computeSeconds: 10,
    });
    const clip = seedRun(temp.db, { datasetId: data, objective: 'clip', dataSeconds: 30, computeSeconds: 70 });
    const en = buildReport(temp.db, { runs: [catlip, clip], lang: 'en' }).html;
    expect(en).toContain(`CatLIP (run ${catlip}) spent 75% of its wall time preparing batches on the CPU`);
    expect(en).not.toContain(`CLIP (run ${clip}) spent`);
    expect(buildReport(temp.db, { runs: [catlip, clip], lang: 'ja' }).html).toContain(
      '所要時間の 75% を CPU でのバッチ準備',
    );
  });

  it('adds the SuperClass run as a third column and comparison', () => {
    const p = seedPilot(temp.db, { superclass: true });
    const report = buildReport(temp.db, { runs: [p.catlip, p.clip, p.superclass!], lang: 'en' });
    expect(report.runs).toEqual([p.catlip, p.clip, p.superclass]);
    expect(
      report.summary.some((line) =>
        line.startsWith(
          'Transfer accuracy, linear probe on coco-mini (random init, 100% of the labels): CatLIP 82.0%, SuperClass 80.0% — CatLIP +2.0 pt (95% interval',
        ),
      ),
    ).toBe(true);
    expect(report.html).toContain(`SuperClass (run ${p.superclass})`);
    expect(report.charts.map((c) => c.id)).toContain('training-loss-superclass');
  });

  it('produces self-contained HTML: no script, no URL, user strings escaped', () => {
    const p = seedPilot(temp.db, { datasetName: '<script>alert("x")</script> & co' });
    const { html, charts } = buildReport(temp.db, { runs: [p.catlip, p.clip], lang: 'en' });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\s(src|href)=/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(html).toMatch(/@media print/);
    expect(html).toMatch(/Hiragino Sans.*Yu Gothic.*Meiryo/);
    expect(charts.every((c) => c.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'))).toBe(true);
  });

  it('refuses unknown runs, a wrong order, unfinished runs, repeated runs and unfair pairs', () => {
    const p = seedPilot(temp.db);
    expect(() => buildReport(temp.db, { runs: [p.catlip, 999] })).toThrow('no run 999');
    expect(() => buildReport(temp.db, { runs: [p.clip, p.catlip] })).toThrow(
      `report: the first run must be the CatLIP run, but run ${p.clip} is clip; order the runs CatLIP, CLIP[, SuperClass] (e.g. --runs 3,4)`,
    );
    expect(() => buildReport(temp.db, { runs: [p.catlip, p.catlip] })).toThrow(
      `report: give different runs (run ${p.catlip} is named twice)`,
    );
    expect(() => buildReport(temp.db, { runs: [p.catlip, p.clip, p.clip] })).toThrow(/named twice/);
    const running = seedRun(temp.db, {
      datasetId: p.dataset,
      objective: 'clip',
      status: 'interrupted',
      steps: 100,
      stepsDone: 40,
      computeSeconds: 10,
    });
    expect(() => buildReport(temp.db, { runs: [p.catlip, running] })).toThrow(
      `report: needs finished runs: run ${running} is interrupted (40/100 steps)`,
    );
    const other = seedRun(temp.db, { datasetId: p.dataset, objective: 'clip', batch: 32, computeSeconds: 10 });
    expect(() => buildReport(temp.db, { runs: [p.catlip, other] })).toThrow(
      /not comparable: different batch sizes \(64 vs 32\)/,
    );
    expect(() => buildReport(temp.db, { runs: [p.catlip] })).toThrow(/report: runs/);
  });
});

describe('exportReport', () => {
  it('writes CSV with a BOM that parses back to the stored numbers, records it and finds it again', async () => {
    const p = seedPilot(temp.db);
    setCostSettings(temp.db, plan);
    const written = await exportReport(
      temp.db,
      temp.home,
      { runs: [p.catlip, p.clip], lang: 'ja', format: 'csv' },
      { now: at },
    );
    expect(ReportExportSchema.parse(written)).toEqual(written);
    expect(written.path).toBe(
      path.join(temp.home, 'reports', `catlip-report-runs-${p.catlip}-${p.clip}-ja-20260302-013000.csv`),
    );
    const bytes = readFileSync(written.path);
    expect(written.bytes).toBe(bytes.length);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.toString('utf8').slice(1), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
    const find = (section: string, run: number, name: string, extra: Record<string, string> = {}) =>
      rows.filter(
        (r) =>
          r.section === section &&
          Number(r.run) === run &&
          r.name === name &&
          Object.entries(extra).every(([k, v]) => r[k] === v),
      );
    expect(find('metrics', p.catlip, 'loss')).toHaveLength(100);
    expect(Number(find('metrics', p.catlip, 'loss', { step: '100' })[0].value)).toBeCloseTo(
      0.7 * Math.exp(-99 / 40) + 0.1,
      12,
    );
    expect(Number(find('measured', p.catlip, 'images_per_second')[0].value)).toBe(160);
    expect(find('measured', p.catlip, 'gpu_cost')[0].unit).toBe('JPY');
    expect(Number(find('speedup', p.catlip, 'measured_wall_vs_clip')[0].value)).toBeCloseTo(2.5, 12);
    expect(find('projection', p.clip, 'total_cost_low')).toHaveLength(1);
    expect(Number(find('evaluation', p.clip, 'top1', { fraction: '0.1' })[0].value)).toBe(0.62);

    const file = getReportFile(temp.db, written.report);
    expect(file).toMatchObject({
      report: written.report,
      runs: [p.catlip, p.clip],
      format: 'csv',
      lang: 'ja',
      path: written.path,
      media_type: 'text/csv; charset=utf-8',
    });
    expect(() => getReportFile(temp.db, 999)).toThrow('no report 999');
  });

  it('writes HTML into a given folder or file, atomically, one reports row each', async () => {
    const p = seedPilot(temp.db);
    const folder = path.join(temp.home, 'out');
    mkdirSync(folder);
    const intoFolder = await exportReport(
      temp.db,
      temp.home,
      { runs: [p.catlip, p.clip], format: 'html', out: folder },
      { now: at },
    );
    expect(path.dirname(intoFolder.path)).toBe(folder);
    expect(intoFolder.file_name).toMatch(/\.html$/);
    const named = await exportReport(temp.db, temp.home, {
      runs: [p.catlip, p.clip],
      format: 'html',
      lang: 'en',
      out: path.join(temp.home, 'new', 'deep', 'r.html'),
    });
    expect(readFileSync(named.path, 'utf8')).toMatch(/^<!doctype html>/);
    expect(temp.db.prepare('SELECT count(*) FROM reports').pluck().get()).toBe(2);
    // no temporary file left beside the result
    expect(readFileSync(named.path).length).toBe(named.bytes);
    expect(existsSync(path.join(temp.home, 'new', 'deep'))).toBe(true);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(path.join(temp.home, 'new', 'deep'))).toEqual(['r.html']);
  });

  it('records nothing when the request is refused', async () => {
    const p = seedPilot(temp.db);
    await expect(exportReport(temp.db, temp.home, { runs: [p.clip, p.catlip], format: 'pdf' })).rejects.toThrow(
      /first run must be the CatLIP run/,
    );
    await expect(
      exportReport(temp.db, temp.home, { runs: [p.catlip, p.clip], format: 'docx' as never }),
    ).rejects.toThrow(/report: format/);
    expect(temp.db.prepare('SELECT count(*) FROM reports').pluck().get()).toBe(0);
  });
});
