import { describe, expect, it } from 'vitest';
import { seedDataset } from '../cost/seeded-runs.fixture.js';
import { insertEvaluation } from '../evaluation/evaluation-repository.js';
import { buildDocument } from './build-document.js';
import { loadReportData } from './report-data.js';
import type { Block } from './report-document.js';
import { seedPilot } from './seeded-report.fixture.js';
import { useTempHomeDatabase } from '../store/temp-home.fixture.js';

const temp = useTempHomeDatabase('catlip-report-details-');

/** The rows of the report's evaluation-details table (the table whose last column is "How" / "算出方法"). */
function detailRows(blocks: Block[], how: string): string[][] {
  const table = blocks.find((b) => b.type === 'table' && b.columns.at(-1)?.label === how);
  return table && table.type === 'table' ? table.rows : [];
}

describe('evaluation details in the report', () => {
  it("shows the probe's L2 strength and convergence, Transfer Init's scale and the zero-shot correction, in English and Japanese", () => {
    const p = seedPilot(temp.db);
    const base = {
      datasetId: p.dataset,
      seed: 0,
      top5: null,
      perClass: {},
      classes: [],
      confusion: [],
      unmatchedClasses: [],
      seconds: 1,
    };
    insertEvaluation(temp.db, {
      ...base,
      run: p.catlip,
      method: 'linear-probe',
      init: 'transfer',
      fraction: 1,
      top1: 0.8,
      settings: {
        probe: { l2: 0.001, l2_chosen_by: 'validation', converged: true, iterations: 57 },
        transfer: { scale: 0.25 },
      },
    });
    insertEvaluation(temp.db, {
      ...base,
      run: p.catlip,
      method: 'zero-shot',
      init: 'none',
      fraction: 1,
      top1: 0.4,
      settings: { zero_shot: { correction: 'pretraining-prior', uncorrected_top1: 0.1 } },
    });
    insertEvaluation(temp.db, {
      ...base,
      run: p.catlip,
      method: 'zero-shot',
      init: 'none',
      fraction: 1,
      top1: 0.3,
      datasetId: seedDataset(temp.db, 'flowers'),
      settings: {
        zero_shot: {
          correction: 'downstream-calibration',
          uncorrected_top1: 0.2,
          calibration: { images: 512 },
          reachable_top1: 0.6,
          warnings: [
            { kind: 'no-synset', classes: ['tulip'] },
            { kind: 'shared-synset', classes: ['daisy', 'aster'], synsets: ['flower.n.01'] },
          ],
        },
      },
    });
    insertEvaluation(temp.db, {
      ...base,
      run: p.clip,
      method: 'linear-probe',
      init: 'random',
      fraction: 1,
      top1: 0.7,
      settings: { probe: { l2: 0.1, l2_chosen_by: 'validation', converged: false, iterations: 1000 } },
    });
    const en = detailRows(
      buildDocument(loadReportData(temp.db, { runs: [p.catlip, p.clip], lang: 'en' })).blocks,
      'How',
    );
    const text = en.map((r) => r.join(' | '));
    expect(text).toContain(
      `CatLIP (run ${p.catlip}) | coco-mini · linear probe · Transfer Init · 100% of the labels | L2 0.001 (chosen on a validation split), converged; transferred rows scaled by 0.25`,
    );
    expect(text).toContain(
      `CLIP (run ${p.clip}) | coco-mini · linear probe · random init · 100% of the labels | L2 0.1 (chosen on a validation split), not converged after 1,000 iterations`,
    );
    expect(text).toContain(
      `CatLIP (run ${p.catlip}) | coco-mini · zero-shot · 100% of the labels | corrected for the pre-training synset frequency (uncorrected: 10.0%)`,
    );
    expect(text).toContain(
      `CatLIP (run ${p.catlip}) | flowers · zero-shot · 100% of the labels | calibrated per class on 512 unlabelled downstream images, labels not read (uncorrected: 20.0%); ` +
        'NOT INFORMATIVE for tulip: no synset in this vocabulary; NOT INFORMATIVE for daisy, aster: they share synset flower.n.01; at most 60.0% top-1 reachable through this vocabulary',
    );
    // evaluations stored without details (the seeded ones) get no row
    expect(en).toHaveLength(4);
    const ja = detailRows(
      buildDocument(loadReportData(temp.db, { runs: [p.catlip, p.clip], lang: 'ja' })).blocks,
      '算出方法',
    );
    expect(ja.map((r) => r[2])).toContain('L2 0.001（検証用データで選択）、収束済み、転移した重みを 0.25 倍に調整');
    expect(ja.map((r) => r[2]).join('\n')).toContain('参考になりません：tulip はこの語彙にシンセットがありません');
  });

  it('adds no details table when no evaluation has details', () => {
    const p = seedPilot(temp.db);
    expect(
      detailRows(buildDocument(loadReportData(temp.db, { runs: [p.catlip, p.clip], lang: 'en' })).blocks, 'How'),
    ).toEqual([]);
  });
});
