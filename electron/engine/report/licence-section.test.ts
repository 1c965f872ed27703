import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recordImportProvenance, setDatasetLicence } from '../datasets/provenance-repository.js';
import { buildReport, exportReport } from './build-report.js';
import { seedPilot } from './seeded-report.fixture.js';
import { useTempHomeDatabase } from '../store/temp-home.fixture.js';

const temp = useTempHomeDatabase('catlip-licence-report-');

/** An import of the seeded dataset whose source declared `licences`. */
function seedImport(datasetId: number, licences: { name: string; declaredIn: string }[]): void {
  const id = Number(
    temp.db
      .prepare(
        `INSERT INTO imports (dataset_id, source_path, format, status, started_at) VALUES (?, '/data/coco', 'coco', 'completed', '2026-11-30T09:00:00Z')`,
      )
      .run(datasetId).lastInsertRowid,
  );
  recordImportProvenance(temp.db, id, {
    licences,
    hosts: ['farm4.staticflickr.com'],
    files: [{ path: '/data/coco/captions_train.json', sha256: 'ab'.repeat(32), bytes: 10 }],
  });
}

describe('data sources and licences in the report', () => {
  it("warns in the summary when the training data's licence is unknown", () => {
    const p = seedPilot(temp.db);
    const report = buildReport(temp.db, { runs: [p.catlip, p.clip], lang: 'en' });
    expect(report.summary.at(-1)).toBe(
      'Caution: the licence of the training data coco-mini is unknown; confirm the terms of use before scaling up.',
    );
    expect(report.html).toContain('<h2>Data sources and licences</h2>');
    expect(report.html).toMatch(/<th scope="row">coco-mini<\/th><td>unknown<\/td><td>unknown<\/td><td>no notes<\/td>/);
  });

  it('shows what the source declared, where, and warns about a non-commercial licence (Japanese)', async () => {
    const p = seedPilot(temp.db);
    seedImport(p.dataset, [{ name: 'CC-BY-NC-SA-2.0', declaredIn: 'captions_train.json licenses' }]);
    const report = buildReport(temp.db, { runs: [p.catlip, p.clip], lang: 'ja' });
    expect(report.summary.at(-1)).toBe(
      'ご注意：学習データ coco-mini は非営利ライセンス（CC-BY-NC-SA-2.0）です。許諾なく商用モデルの学習に使うことはできません。',
    );
    expect(report.html).toContain('<h2>データの出所とライセンス</h2>');
    expect(report.html).toContain('captions_train.json licenses に記載');
    expect(report.html).toContain('/data/coco (farm4.staticflickr.com)');
    expect(report.html).toContain(`captions_train.json ${'ab'.repeat(6)}`);
    // the CSV keeps the whole hash
    const csv = readFileSync(
      (await exportReport(temp.db, temp.home, { runs: [p.catlip, p.clip], lang: 'ja', format: 'csv' })).path,
      'utf8',
    );
    expect(csv).toContain(`licence,,,sha256 /data/coco/captions_train.json,coco-mini,,,,,${'ab'.repeat(32)},10 bytes`);
  });

  it('has no warning once a commercial-use licence and consent notes are entered', () => {
    const p = seedPilot(temp.db);
    setDatasetLicence(temp.db, {
      dataset: 'coco-mini',
      licence: 'CC-BY-4.0',
      consent_notes: 'Stock photos; no identifiable people.',
    });
    const report = buildReport(temp.db, { runs: [p.catlip, p.clip], lang: 'en' });
    expect(report.summary.some((s) => s.startsWith('Caution: the'))).toBe(false);
    expect(report.html).toMatch(
      /<th scope="row">coco-mini<\/th><td>CC-BY-4.0<\/td><td>entered<\/td><td>Stock photos; no identifiable people.<\/td>/,
    );
  });
});
