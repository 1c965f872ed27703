import type { VocabSummary } from '../../shared/channels.js';
import { EngineError } from '../../shared/errors.js';
import { requireDataset } from '../datasets/dataset-repository.js';
import { createLabeler } from '../labeling/labeler.js';
import type { LabelMode } from '../labeling/types.js';
import type { Db } from '../store/database.js';
import { wnidOf } from '../wordnet/synset.js';
import { loadWordNet } from '../wordnet/wordnet.js';
import { countItems } from '../datasets/dataset-repository.js';
import { ensureItemLabels } from './item-labels.js';
import { findReusableVocabulary, getVocabulary, insertVocabulary, trainingLabelRows, vocabularySynsets } from './vocabulary-repository.js';

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
  return minCount === thresholdMinCount('cc3m', captions) ? 'cc3m' : minCount === thresholdMinCount('datacomp', captions) ? 'datacomp' : null;
}

export interface VocabOptions {
  dataset: string;
  mode: LabelMode;
  minCount?: number;
  /** Without minCount: the scaled threshold to use (default CC3M's). */
  threshold?: VocabThreshold;
  maxSize?: number;
  top?: number;
}

/**
 * Builds (or reuses) the synset vocabulary of a caption dataset's training split: labels every caption once
 * (cached in `item_labels`), counts synsets, keeps those with count ≥ min-count (most frequent first, at
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
  const labelRows = () => trainingLabelRows(db, dataset.id, opts.mode);

  const counts = new Map<number, number>();
  let captions = 0;
  for (const synsets of labelRows()) {
    captions++;
    for (const offset of parseOffsets(synsets)) counts.set(offset, (counts.get(offset) ?? 0) + 1);
  }
  const minCount = opts.minCount ?? thresholdMinCount(opts.threshold ?? 'cc3m', captions);
  const maxSize = opts.maxSize ?? null;
  const datasetItems = countItems(db, dataset.id);

  const reusable = findReusableVocabulary(db, { datasetId: dataset.id, mode: opts.mode, minCount, maxSize, datasetItems });

  let vocabularyId: number;
  if (reusable !== undefined) {
    vocabularyId = reusable;
  } else {
    const kept = [...counts].filter(([, c]) => c >= minCount).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    if (maxSize !== null) kept.length = Math.min(kept.length, maxSize);
    const inVocab = new Set(kept.map(([o]) => o));
    let covered = 0;
    let labels = 0;
    for (const synsets of labelRows()) {
      let n = 0;
      for (const offset of parseOffsets(synsets)) if (inVocab.has(offset)) n++;
      labels += n;
      if (n > 0) covered++;
    }
    const wn = loadWordNet();
    vocabularyId = insertVocabulary(db, {
      dataset_id: dataset.id, mode: opts.mode, min_count: minCount, max_size: maxSize, size: kept.length, captions,
      coverage: captions ? covered / captions : 0, labels_per_caption: captions ? labels / captions : 0, dataset_items: datasetItems,
    }, kept.map(([offset, count]) => ({ offset, name: wn.synsetByOffset(offset)?.name ?? `n${offset}`, count })));
  }
  return vocabularySummary(db, vocabularyId, dataset.name, opts.top ?? 20, opts.minCount === undefined, (performance.now() - started) / 1000);
}

function vocabularySummary(db: Db, id: number, datasetName: string, top: number, minCountDefault: boolean, seconds: number): VocabSummary {
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
    labels_per_caption: v.labels_per_caption,
    top: topRows.map((r) => ({ name: r.name, offset: wnidOf(r.offset), count: r.count })),
    seconds,
  };
}

export { trainingLabelRows };

export function parseOffsets(synsets: string): number[] {
  return synsets ? synsets.split(' ').map(Number) : [];
}
