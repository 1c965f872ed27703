import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture } from '../fixtures/fixture-paths.js';
import { cocoMini, writeCompanyManifest } from '../fixtures/japanese-export.fixture.js';
import { runCli } from './run-cli.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-cli-ja-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const h = ['--home', home];

describe('catlip-pilot on a Japanese-caption dataset', () => {
  it('labels a Japanese caption with the WordNet synsets of the English one, and names nouns without a synset', async () => {
    const r = await runCli(['label', '犬が公園でフリスビーをキャッチしている。', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.synsets.map((s: { name: string }) => s.name)).toEqual(['dog.n.01', 'park.n.02']);
    expect(r.json.lemmas).toEqual(['ja:フリスビー', 'ja:キャッチ']);
    const en = await runCli(['label', '犬', '--lang', 'en', '--json']);
    expect(en.json.synsets).toEqual([]);
  });

  it('imports, labels, builds and edits a vocabulary, trains CatLIP and evaluates it', async () => {
    // a company-style export: the Japanese test captions, their image paths absolute and outside its folder
    const manifest = writeCompanyManifest(mkdtempSync(path.join(home, 'export-')));
    const refused = await runCli(['import', manifest, '--name', 'ja-refused', '--json', ...h]);
    expect(refused.json.items).toBe(0);
    expect(refused.json.skipped[0].reason).toMatch(/absolute path outside the dataset folder: .*--image-root DIR/);

    const imported = await runCli(['import', manifest, '--name', 'ja', '--image-root', cocoMini, '--json', ...h]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.json).toMatchObject({ format: 'jsonl', items: 159, skipped_count: 0 });

    const quality = await runCli(['quality', '--dataset', 'ja', '--json', ...h]);
    expect(quality.code, quality.stderr).toBe(0);
    expect(quality.json).toMatchObject({ captions: 159, languages: { ja: 159, en: 0 } });
    expect(quality.json.no_class).toBeLessThan(0.05);
    expect(quality.json.unmatched[0]).toEqual({ lemma: 'ja:戸棚', count: 4 });

    const v = await runCli(['vocab', '--dataset', 'ja', '--min-count', '3', '--top', '500', '--json', ...h]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.json.captions).toBe(159);
    expect(v.json.size).toBeGreaterThan(10);
    expect(v.json.size).toBe(v.json.synset_classes + v.json.lemma_classes);
    const names = v.json.top.map((t: { name: string }) => t.name);
    expect(names).toEqual(expect.arrayContaining(['man.n.01', 'table.n.02', 'dog.n.01', 'kitchen.n.01']));
    // 戸棚 (cupboard) is missing from the Japanese data and frequent enough: a lemma class, shown as such
    expect(v.json.top).toContainEqual({ kind: 'lemma', name: 'ja:戸棚', offset: '', count: 4 });
    expect(v.json.coverage).toBeGreaterThan(0.7);
    expect(v.json.synset_coverage).toBeLessThanOrEqual(v.json.coverage);

    // the business version: 戸棚 mapped to its synset, dish and plate merged, a custom class, 写真 stop-listed
    const edited = await runCli([
      'vocab',
      'edit',
      '--vocabulary',
      String(v.json.vocabulary),
      '--map',
      '戸棚=cupboard.n.01',
      '--merge',
      'plate,dish.n.01=plate.n.04',
      '--custom',
      '台所家電=コンロ,冷蔵庫,電子レンジ',
      '--stop',
      '写真',
      '--top',
      '500',
      '--json',
      ...h,
    ]);
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.json.parent).toBe(v.json.vocabulary);
    expect(edited.json.edits.map((e: { edit: { op: string } }) => e.edit.op)).toEqual([
      'map',
      'merge',
      'custom',
      'stop',
    ]);
    expect(edited.json.relabelled).toBeGreaterThan(10);
    const editedNames = edited.json.top.map((t: { name: string }) => t.name);
    expect(editedNames).toEqual(expect.arrayContaining(['cupboard.n.01', 'plate.n.04', 'custom:台所家電']));
    expect(editedNames).not.toContain('ja:戸棚');
    expect(editedNames).not.toContain('dish.n.01');
    expect(editedNames).not.toContain('photograph.n.01');

    const train = await runCli([
      'train',
      '--dataset',
      'ja',
      '--objective',
      'catlip',
      '--vocabulary',
      String(edited.json.vocabulary),
      '--steps',
      '2',
      '--batch',
      '8',
      '--backend',
      'cpu',
      '--json',
      ...h,
    ]);
    expect(train.code, train.stderr).toBe(0);
    expect(train.json).toMatchObject({ objective: 'catlip', status: 'completed', steps: 2 });
    expect(train.json.final_loss).toBeGreaterThan(0);

    const pets = await runCli(['import', fixture('imagefolder-split'), '--name', 'pets', '--json', ...h]);
    expect(pets.code, pets.stderr).toBe(0);
    const evaluation = await runCli([
      'eval',
      '--run',
      String(train.json.run),
      '--dataset',
      'pets',
      '--method',
      'linear-probe',
      '--json',
      ...h,
    ]);
    expect(evaluation.code, evaluation.stderr).toBe(0);
    expect(evaluation.json.top1).toBeGreaterThanOrEqual(0);
    expect(evaluation.json.top1).toBeLessThanOrEqual(1);
  }, 600_000);
});
