import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VocabSummary } from '../../shared/channels.js';
import { Engine } from '../api/engine.js';
import { importCaptionsOnThreeImages } from './captions-on-three-images.fixture.js';
import { vocabularyEntries } from '../export/corenet.js';
import { loadTrainingSet } from '../training/training-set.js';
import { vocabularySynsets } from './vocabulary-repository.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-vocab-edit-'));
const CAPTIONS = ['写真：ourbrandの車', 'a photo of an automobile', '戸棚の上の犬'];
let engine: Engine;
let base: VocabSummary;

beforeAll(async () => {
  engine = new Engine(home);
  // Every caption on each of three images: each class is seen 3 (or 6) times.
  await importCaptionsOnThreeImages(engine, home, 'biz', CAPTIONS);
  base = await engine.invoke('vocab:build', { dataset: 'biz', minCount: 2, top: 50 });
}, 120_000);
afterAll(() => {
  engine.close();
  rmSync(home, { recursive: true, force: true });
});

const classes = (v: { top: { name: string; count: number }[] }) =>
  Object.fromEntries(v.top.map((t) => [t.name, t.count]));

describe('business vocabulary edits', () => {
  it('starts from synsets and lemma classes of both languages', () => {
    expect(classes(base)).toEqual({
      'car.n.01': 6,
      'photograph.n.01': 6,
      'dog.n.01': 3,
      'en:ourbrand': 3,
      'ja:戸棚': 3,
    });
    expect(base).toMatchObject({ size: 5, synset_classes: 3, lemma_classes: 2, coverage: 1 });
  });

  it('maps a term to a synset, adds a custom class, stop-lists generic words, as a new version with its parent and edits', async () => {
    const v1 = await engine.invoke('vocab:edit', {
      vocabulary: base.vocabulary,
      edits: [
        { op: 'map', term: 'ja:戸棚', synset: 'cupboard.n.01' },
        { op: 'custom', name: '自社製品', triggers: ['ourbrand'] },
        { op: 'stop', classes: ['photo', '写真'] },
      ],
      top: 50,
    });
    expect(classes(v1)).toEqual({
      'car.n.01': 6,
      'cupboard.n.01': 3,
      'dog.n.01': 3,
      'en:ourbrand': 3,
      'custom:自社製品': 3,
    });
    expect(v1).toMatchObject({ parent: base.vocabulary, relabelled: 9, synset_classes: 3, lemma_classes: 2 });
    expect(v1.edits.map((e) => e.edit.op)).toEqual(['map', 'custom', 'stop']);
    expect(v1.top.find((t) => t.name === 'custom:自社製品')).toMatchObject({ kind: 'lemma', offset: '' });
    // the edited vocabulary is immutable: building it again gives the same classes, the same id
    const again = await engine.invoke('vocab:build', { dataset: 'biz', minCount: 2, top: 50 });
    expect(again.vocabulary).toBe(base.vocabulary);
    expect(classes(again)).toEqual(classes(base));

    // an edit of an edit keeps the whole list and relabels only the captions it touches
    const v2 = await engine.invoke('vocab:edit', {
      vocabulary: v1.vocabulary,
      edits: [{ op: 'merge', classes: ['cupboard.n.01'], into: 'dog.n.01' }],
      top: 50,
    });
    expect(v2).toMatchObject({ parent: v1.vocabulary, relabelled: 3 });
    expect(v2.edits).toHaveLength(4);
    expect(classes(v2)).toEqual({ 'car.n.01': 6, 'dog.n.01': 3, 'en:ourbrand': 3, 'custom:自社製品': 3 });

    // training uses the edited classes
    const set = loadTrainingSet(engine.db, home, 'biz', v2.vocabulary);
    const position = new Map(v2.top.map((t, i) => [t.name, i]));
    const of = (caption: string) => {
      const i = set.captions.indexOf(caption);
      return [...set.labels!.classes.subarray(set.labels!.offsets[i], set.labels!.offsets[i + 1])].sort();
    };
    expect(of('戸棚の上の犬')).toEqual([position.get('dog.n.01')]);
    expect(of('写真：ourbrandの車')).toEqual(
      [position.get('car.n.01'), position.get('en:ourbrand'), position.get('custom:自社製品')].sort(),
    );
    expect(of('a photo of an automobile')).toEqual([position.get('car.n.01')]);
  });

  it('refuses unknown synsets and targets that name no single class', async () => {
    await expect(
      engine.invoke('vocab:edit', {
        vocabulary: base.vocabulary,
        edits: [{ op: 'map', term: '戸棚', synset: 'nosuch.n.01' }],
      }),
    ).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringMatching(/no WordNet noun synset named "nosuch\.n\.01"/),
    });
    await expect(
      engine.invoke('vocab:edit', {
        vocabulary: base.vocabulary,
        edits: [{ op: 'merge', classes: ['car'], into: 'auto' }],
      }),
    ).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringMatching(/names no single class/) });
    await expect(
      engine.invoke('vocab:edit', { vocabulary: 9999, edits: [{ op: 'stop', classes: ['photo'] }] }),
    ).rejects.toMatchObject({ code: 'not-found' });
  });

  it('refuses a CoreNet export of a vocabulary with lemma classes, saying why and what to do', () => {
    expect(() => vocabularyEntries(engine.db, base.vocabulary)).toThrow(
      /2 lemma classes \(en:ourbrand, ja:戸棚\) that CoreNet's own English labeller cannot reproduce.*--no-lemma-classes.*--labels precomputed/,
    );
  });

  it("refuses an edited version for CoreNet's labeller and exports precomputed labels that equal the training targets", async () => {
    const edited = await engine.invoke('vocab:edit', {
      vocabulary: base.vocabulary,
      edits: [
        { op: 'map', term: '戸棚', synset: 'cupboard.n.01' },
        { op: 'stop', classes: ['ourbrand'] },
      ],
    });
    expect(edited.lemma_classes).toBe(0);
    expect(() => vocabularyEntries(engine.db, edited.vocabulary)).toThrow(
      /edited business version \(2 edits\).*--labels precomputed/,
    );

    const run = engine.createRun({
      dataset: 'biz',
      objective: 'catlip',
      model: 'vit-tiny',
      backend: 'cpu',
      steps: 2,
      batch: 2,
      vocabulary: edited.vocabulary,
    });
    const out = path.join(home, 'corenet-precomputed');
    const plan = { images: 100_000, epochs: 1, gpus: 1, perGpuBatch: null };
    const vitMode = 'tiny' as const;
    await expect(engine.invoke('export:corenet', { run, out, plan, vitMode })).rejects.toMatchObject({
      code: 'unsupported',
    });
    const result = await engine.invoke('export:corenet', { run, out, plan, vitMode, labels: 'precomputed' });
    expect(result.precomputed).toMatchObject({ samples: 9, classes: edited.size, unlabelled: 0 });
    expect(result.files).toContain(path.join(out, 'labels.jsonl'));
    expect(readFileSync(path.join(out, 'README.md'), 'utf8')).toContain('## Precomputed labels');

    const classList = JSON.parse(readFileSync(path.join(out, 'classes.json'), 'utf8')) as {
      index: number;
      key: string;
      name: string;
    }[];
    expect(classList.map((c) => c.index)).toEqual(classList.map((_, i) => i));
    expect(classList.find((c) => c.name === 'cupboard.n.01')?.key).toBe('n3148324');
    const samples = readFileSync(path.join(out, 'labels.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { sha256: string; caption: string; split: string; labels: number[] });
    const names = (indices: number[]) => indices.map((i) => classList[i]!.name).sort();
    expect(names(samples.find((s) => s.caption === '戸棚の上の犬')!.labels)).toEqual(['cupboard.n.01', 'dog.n.01']);
    expect(samples.every((s) => /^[0-9a-f]{64}$/.test(s.sha256))).toBe(true);

    // the trainer's targets for the same captions name the same classes
    const set = loadTrainingSet(engine.db, home, 'biz', edited.vocabulary);
    try {
      const byPosition = new Map(vocabularySynsets(engine.db, edited.vocabulary).map((r) => [r.position, r.name]));
      const exported = samples.filter((s) => s.split === 'train');
      expect(exported).toHaveLength(set.count);
      exported.forEach((s, i) => {
        expect(set.captions[i]).toBe(s.caption);
        const target = [...set.labels!.classes.subarray(set.labels!.offsets[i], set.labels!.offsets[i + 1])]
          .map((p) => byPosition.get(p)!)
          .sort();
        expect(target).toEqual(names(s.labels));
      });
    } finally {
      set.cache.close();
    }
  });
});
