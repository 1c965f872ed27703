import type { VocabSummary } from '../../shared/channels.js';
import { EngineError } from '../../shared/errors.js';
import { requireDataset } from '../datasets/dataset-repository.js';
import { createLabeler } from '../labeling/labeler.js';
import type { LabelMode } from '../labeling/types.js';
import { now, type Db } from '../store/database.js';
import { wnidOf } from '../wordnet/synset.js';
import { loadWordNet } from '../wordnet/wordnet.js';
import { classKeysOf, compareClassCounts, isLemmaClassKey, type ClassKey } from './class-keys.js';
import { ensureItemLabels } from './item-labels.js';

/**
 * The paper prunes synsets seen fewer than V_tau = 500 times at web scale (CC3M, ~3.3M captions; DataComp).
 * A pilot has far fewer captions, so the default keeps the same *relative* threshold — 500 per 3.3M
 * captions — and never goes below 2 (a synset seen once cannot be learnt as a class).
 */
export function defaultMinCount(captions: number): number {
  return Math.max(2, Math.round((captions * 500) / 3_300_000));
}

export interface VocabOptions {
  dataset: string;
  mode: LabelMode;
  minCount?: number;
  maxSize?: number;
  top?: number;
  /** Let nouns no wordnet maps become lemma classes (`ja:公園`); default on in paper mode, never in corenet mode. */
  lemmaClasses?: boolean;
}

/**
 * Builds (or reuses) the synset vocabulary of a caption dataset's training split: labels every caption once
 * (cached in `item_labels`), counts synsets and lemma classes, keeps those with count ≥ min-count (most frequent first, at
 * most max-size), and reports coverage and labels per caption. Vocabularies are immutable once built, since
 * runs refer to them; the same request on unchanged data returns the existing one.
 */
export function buildVocabulary(db: Db, opts: VocabOptions): VocabSummary {
  const started = performance.now();
  const dataset = requireDataset(db, opts.dataset);
  if (dataset.kind !== 'captions') {
    throw new EngineError('unsupported', `dataset "${dataset.name}" is a labelled (class-folder) set; a vocabulary is built from image–caption data`);
  }
  ensureItemLabels(db, dataset.id, createLabeler(opts.mode));
  const withLemmas = opts.mode === 'paper' && opts.lemmaClasses !== false;
  const labelRows = () => trainingClassRows(db, dataset.id, opts.mode, withLemmas);

  const { counts, captions } = countClasses(labelRows());
  const minCount = opts.minCount ?? defaultMinCount(captions);
  const maxSize = opts.maxSize ?? null;
  const datasetItems = db.prepare('SELECT count(*) FROM items WHERE dataset_id = ?').pluck().get(dataset.id) as number;

  // Edited versions (parent_id set) are never reused for a plain build.
  const reusable = db.prepare(`SELECT id FROM vocabularies WHERE dataset_id = ? AND mode = ? AND min_count = ?
      AND max_size IS ? AND dataset_items = ? AND with_lemmas = ? AND parent_id IS NULL ORDER BY id DESC LIMIT 1`).pluck()
    .get(dataset.id, opts.mode, minCount, maxSize, datasetItems, withLemmas ? 1 : 0) as number | undefined;

  const vocabularyId = reusable ?? storeVocabulary(db, {
    datasetId: dataset.id, mode: opts.mode, minCount, maxSize, datasetItems, withLemmas, parentId: null, editsJson: null,
  }, keepClasses(counts, minCount, maxSize), labelRows);
  return vocabularySummary(db, vocabularyId, dataset.name, opts.top ?? 20, opts.minCount === undefined, (performance.now() - started) / 1000);
}

/** How often each class occurs over a stream of captions' classes, and how many captions there were. */
export function countClasses(rows: Iterable<ClassKey[]>): { counts: Map<ClassKey, number>; captions: number } {
  const counts = new Map<ClassKey, number>();
  let captions = 0;
  for (const keys of rows) {
    captions++;
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { counts, captions };
}

/** Classes with count ≥ min-count (or that `alwaysKeep` keeps), most frequent first, at most max-size. */
export function keepClasses(counts: ReadonlyMap<ClassKey, number>, minCount: number, maxSize: number | null,
  alwaysKeep: (key: ClassKey) => boolean = () => false): [ClassKey, number][] {
  const kept = [...counts].filter(([key, c]) => c >= minCount || alwaysKeep(key)).sort(compareClassCounts);
  if (maxSize !== null) kept.length = Math.min(kept.length, maxSize);
  return kept;
}

export interface VocabularyMeta {
  datasetId: number;
  mode: LabelMode;
  minCount: number;
  maxSize: number | null;
  datasetItems: number;
  withLemmas: boolean;
  parentId: number | null;
  editsJson: string | null;
}

/** Stores a vocabulary's classes with its coverage over `rows` (each training caption's classes); returns its id. */
export function storeVocabulary(db: Db, meta: VocabularyMeta, kept: readonly [ClassKey, number][], rows: () => Iterable<ClassKey[]>): number {
  const inVocab = new Set(kept.map(([key]) => key));
  const lemmaClasses = kept.filter(([key]) => isLemmaClassKey(key)).length;
  let captions = 0;
  let covered = 0;
  let synsetCovered = 0;
  let labels = 0;
  for (const keys of rows()) {
    captions++;
    let n = 0;
    let synsets = 0;
    for (const key of keys) {
      if (!inVocab.has(key)) continue;
      n++;
      if (!isLemmaClassKey(key)) synsets++;
    }
    labels += n;
    if (n > 0) covered++;
    if (synsets > 0) synsetCovered++;
  }
  const wn = loadWordNet();
  return db.transaction(() => {
    const id = Number(db.prepare(`INSERT INTO vocabularies (dataset_id, mode, min_count, max_size, size, captions, coverage,
        labels_per_caption, dataset_items, created_at, lemma_classes, synset_coverage, with_lemmas, parent_id, edits_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(meta.datasetId, meta.mode, meta.minCount, meta.maxSize, kept.length, captions, captions ? covered / captions : 0,
        captions ? labels / captions : 0, meta.datasetItems, now(), lemmaClasses, captions ? synsetCovered / captions : 0,
        meta.withLemmas ? 1 : 0, meta.parentId, meta.editsJson).lastInsertRowid);
    const insert = db.prepare('INSERT INTO vocabulary_synsets (vocabulary_id, position, offset, name, count, lemma) VALUES (?, ?, ?, ?, ?, ?)');
    kept.forEach(([key, count], position) => {
      // A lemma (or custom) class is named by its key everywhere ("ja:公園") and has offset 0, which no synset has.
      if (isLemmaClassKey(key)) insert.run(id, position, 0, key, count, key);
      else insert.run(id, position, Number(key), wn.synsetByOffset(Number(key))?.name ?? `n${key}`, count, null);
    });
    return id;
  })();
}

export function vocabularySummary(db: Db, id: number, datasetName: string, top: number, minCountDefault: boolean, seconds: number): VocabSummary {
  const v = db.prepare('SELECT * FROM vocabularies WHERE id = ?').get(id) as {
    mode: LabelMode; min_count: number; max_size: number | null; size: number; captions: number; coverage: number; labels_per_caption: number;
    lemma_classes: number; synset_coverage: number | null;
  };
  const topRows = db.prepare('SELECT name, offset, count, lemma FROM vocabulary_synsets WHERE vocabulary_id = ? ORDER BY position LIMIT ?')
    .all(id, top) as { name: string; offset: number; count: number; lemma: string | null }[];
  return {
    vocabulary: id,
    dataset: datasetName,
    mode: v.mode,
    min_count: v.min_count,
    min_count_default: minCountDefault,
    max_size: v.max_size,
    size: v.size,
    captions: v.captions,
    coverage: v.coverage,
    synset_classes: v.size - v.lemma_classes,
    lemma_classes: v.lemma_classes,
    synset_coverage: v.synset_coverage ?? v.coverage,
    labels_per_caption: v.labels_per_caption,
    top: topRows.map((r) => r.lemma === null
      ? { kind: 'synset' as const, name: r.name, offset: wnidOf(r.offset), count: r.count }
      : { kind: 'lemma' as const, name: r.lemma, offset: '', count: r.count }),
    seconds,
  };
}

/** The stored class keys (synset offsets, then lemma classes when asked for) of every training caption, streamed. */
export function* trainingClassRows(db: Db, datasetId: number, mode: LabelMode, withLemmas: boolean): Generator<ClassKey[]> {
  const rows = db.prepare(`SELECT l.synsets, l.lemmas FROM item_labels l JOIN items i ON i.id = l.item_id
                     WHERE i.dataset_id = ? AND i.split = 'train' AND l.mode = ?`).raw().iterate(datasetId, mode) as IterableIterator<[string, string]>;
  for (const [synsets, lemmas] of rows) yield classKeysOf(synsets, withLemmas ? lemmas : '');
}
