import type { VocabSummary } from '../../shared/channels.js';
import { noteError } from '../../shared/errors.js';
import { countItems, requireDataset } from '../datasets/dataset-repository.js';
import { createLabeler } from '../labeling/labeler.js';
import type { LabelMode } from '../labeling/types.js';
import type { Db } from '../store/database.js';
import { wnidOf } from '../wordnet/synset.js';
import { loadWordNet } from '../wordnet/wordnet.js';
import { classKeysOf, compareClassCounts, isLemmaClassKey, type ClassKey } from './class-keys.js';
import { ensureItemLabels } from './item-labels.js';
import {
  findReusableVocabulary,
  getVocabulary,
  insertVocabulary,
  trainingLabelRows,
  vocabularySynsets,
} from './vocabulary-repository.js';

/**
 * The paper prunes synsets seen fewer than V_tau = 500 times, on CC3M (~3.3M captions) and on DataComp-1.3B
 * alike. A pilot has far fewer captions, so a threshold is scaled to it as the same *relative* one: the default
 * follows CC3M's (500 per 3.3M captions, the closer scale), the alternative DataComp's (500 per 1.3B captions,
 * which at pilot scale keeps almost every synset). Neither goes below 2 (a synset seen once cannot be learnt).
 */
export const VOCAB_THRESHOLDS = {
  cc3m: { vTau: 500, captions: 3_300_000 },
  datacomp: { vTau: 500, captions: 1_300_000_000 },
} as const;
export type VocabThreshold = keyof typeof VOCAB_THRESHOLDS;

export function thresholdMinCount(rule: VocabThreshold, captions: number): number {
  const { vTau, captions: reference } = VOCAB_THRESHOLDS[rule];
  return Math.max(2, Math.round((captions * vTau) / reference));
}

export function defaultMinCount(captions: number): number {
  return thresholdMinCount('cc3m', captions);
}

/** Which scaled threshold a min-count is (CC3M's first where both give the same), or null for a custom one. */
export function thresholdOf(minCount: number, captions: number): VocabThreshold | null {
  return minCount === thresholdMinCount('cc3m', captions)
    ? 'cc3m'
    : minCount === thresholdMinCount('datacomp', captions)
      ? 'datacomp'
      : null;
}

export interface VocabOptions {
  dataset: string;
  mode: LabelMode;
  minCount?: number;
  /** Without minCount: the scaled threshold to use (default CC3M's). */
  threshold?: VocabThreshold;
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
    throw noteError('unsupported', 'vocab.labelled', { name: dataset.name });
  }
  ensureItemLabels(db, dataset.id, createLabeler(opts.mode));
  const withLemmas = opts.mode === 'paper' && opts.lemmaClasses !== false;
  const labelRows = () => trainingClassRows(db, dataset.id, opts.mode, withLemmas);

  const { counts, captions } = countClasses(labelRows());
  const minCount = opts.minCount ?? thresholdMinCount(opts.threshold ?? 'cc3m', captions);
  const maxSize = opts.maxSize ?? null;
  const datasetItems = countItems(db, dataset.id);
  const reusable = findReusableVocabulary(db, {
    datasetId: dataset.id,
    mode: opts.mode,
    minCount,
    maxSize,
    datasetItems,
    withLemmas,
  });

  const vocabularyId =
    reusable ??
    storeVocabulary(
      db,
      {
        datasetId: dataset.id,
        mode: opts.mode,
        minCount,
        maxSize,
        datasetItems,
        withLemmas,
        parentId: null,
        editsJson: null,
      },
      keepClasses(counts, minCount, maxSize),
      labelRows,
    );
  return vocabularySummary(
    db,
    vocabularyId,
    dataset.name,
    opts.top ?? 20,
    opts.minCount === undefined,
    (performance.now() - started) / 1000,
  );
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
export function keepClasses(
  counts: ReadonlyMap<ClassKey, number>,
  minCount: number,
  maxSize: number | null,
  alwaysKeep: (key: ClassKey) => boolean = () => false,
): [ClassKey, number][] {
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
export function storeVocabulary(
  db: Db,
  meta: VocabularyMeta,
  kept: readonly [ClassKey, number][],
  rows: () => Iterable<ClassKey[]>,
): number {
  const lemmaClasses = kept.filter(([key]) => isLemmaClassKey(key)).length;
  const figures = coverageFigures(new Set(kept.map(([key]) => key)), rows());
  const wn = loadWordNet();
  return insertVocabulary(
    db,
    {
      dataset_id: meta.datasetId,
      mode: meta.mode,
      min_count: meta.minCount,
      max_size: meta.maxSize,
      size: kept.length,
      captions: figures.captions,
      coverage: figures.coverage,
      labels_per_caption: figures.labels_per_caption,
      dataset_items: meta.datasetItems,
      lemma_classes: lemmaClasses,
      synset_coverage: figures.synset_coverage,
      with_lemmas: meta.withLemmas ? 1 : 0,
      parent_id: meta.parentId,
      edits_json: meta.editsJson,
    },
    kept.map(([key, count]) =>
      // A lemma (or custom) class is named by its key everywhere ("ja:公園") and has offset 0, which no synset has.
      isLemmaClassKey(key)
        ? { offset: 0, name: key, count, lemma: key }
        : { offset: Number(key), name: wn.synsetByOffset(Number(key))?.name ?? `n${key}`, count, lemma: null },
    ),
  );
}

/** What the classes `inVocab` cover of a stream of training captions' classes. */
export function coverageFigures(
  inVocab: ReadonlySet<ClassKey>,
  rows: Iterable<ClassKey[]>,
): { captions: number; coverage: number; synset_coverage: number; labels_per_caption: number } {
  let captions = 0;
  let covered = 0;
  let synsetCovered = 0;
  let labels = 0;
  for (const keys of rows) {
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
  const share = (x: number) => (captions ? x / captions : 0);
  return {
    captions,
    coverage: share(covered),
    synset_coverage: share(synsetCovered),
    labels_per_caption: share(labels),
  };
}

export function vocabularySummary(
  db: Db,
  id: number,
  datasetName: string,
  top: number,
  minCountDefault: boolean,
  seconds: number,
): VocabSummary {
  const v = getVocabulary(db, id)!;
  const topRows = vocabularySynsets(db, id, top);
  return {
    vocabulary: id,
    dataset: datasetName,
    mode: v.mode,
    min_count: v.min_count,
    min_count_default: minCountDefault,
    threshold: thresholdOf(v.min_count, v.captions),
    max_size: v.max_size,
    size: v.size,
    captions: v.captions,
    coverage: v.coverage,
    synset_classes: v.size - v.lemma_classes,
    lemma_classes: v.lemma_classes,
    synset_coverage: v.synset_coverage ?? v.coverage,
    labels_per_caption: v.labels_per_caption,
    top: topRows.map((r) =>
      r.lemma === null
        ? { kind: 'synset' as const, name: r.name, offset: wnidOf(r.offset), count: r.count }
        : { kind: 'lemma' as const, name: r.lemma, offset: '', count: r.count },
    ),
    seconds,
  };
}

/** The stored class keys (synset offsets, then lemma classes when asked for) of every training caption, streamed. */
export function* trainingClassRows(
  db: Db,
  datasetId: number,
  mode: LabelMode,
  withLemmas: boolean,
): Generator<ClassKey[]> {
  for (const [synsets, lemmas] of trainingLabelRows(db, datasetId, mode))
    yield classKeysOf(synsets, withLemmas ? lemmas : '');
}
