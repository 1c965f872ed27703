import type { VocabSummary } from '../../shared/channels.js';
import { EngineError } from '../../shared/errors.js';
import { requireDataset } from '../datasets/dataset-repository.js';
import { createLabeler } from '../labeling/labeler.js';
import type { LabelMode } from '../labeling/types.js';
import { now, type Db } from '../store/database.js';
import { wnidOf } from '../wordnet/synset.js';
import { loadWordNet } from '../wordnet/wordnet.js';
import { ensureItemLabels } from './item-labels.js';

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
  const datasetItems = db.prepare('SELECT count(*) FROM items WHERE dataset_id = ?').pluck().get(dataset.id) as number;

  const reusable = db.prepare(`SELECT id FROM vocabularies WHERE dataset_id = ? AND mode = ? AND min_count = ?
      AND max_size IS ? AND dataset_items = ? ORDER BY id DESC LIMIT 1`).pluck().get(dataset.id, opts.mode, minCount, maxSize, datasetItems) as number | undefined;

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
    vocabularyId = db.transaction(() => {
      const id = Number(db.prepare(`INSERT INTO vocabularies (dataset_id, mode, min_count, max_size, size, captions, coverage,
          labels_per_caption, dataset_items, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(dataset.id, opts.mode, minCount, maxSize, kept.length, captions, captions ? covered / captions : 0,
          captions ? labels / captions : 0, datasetItems, now()).lastInsertRowid);
      const insert = db.prepare('INSERT INTO vocabulary_synsets (vocabulary_id, position, offset, name, count) VALUES (?, ?, ?, ?, ?)');
      kept.forEach(([offset, count], position) => insert.run(id, position, offset, wn.synsetByOffset(offset)?.name ?? `n${offset}`, count));
      return id;
    })();
  }
  return vocabularySummary(db, vocabularyId, dataset.name, opts.top ?? 20, opts.minCount === undefined, (performance.now() - started) / 1000);
}

function vocabularySummary(db: Db, id: number, datasetName: string, top: number, minCountDefault: boolean, seconds: number): VocabSummary {
  const v = db.prepare('SELECT * FROM vocabularies WHERE id = ?').get(id) as {
    mode: LabelMode; min_count: number; max_size: number | null; size: number; captions: number; coverage: number; labels_per_caption: number;
  };
  const topRows = db.prepare('SELECT name, offset, count FROM vocabulary_synsets WHERE vocabulary_id = ? ORDER BY position LIMIT ?')
    .all(id, top) as { name: string; offset: number; count: number }[];
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

/** The stored labels (space-separated offsets) of every training caption of a dataset, streamed. */
export function trainingLabelRows(db: Db, datasetId: number, mode: LabelMode): IterableIterator<string> {
  return db.prepare(`SELECT l.synsets FROM item_labels l JOIN items i ON i.id = l.item_id
                     WHERE i.dataset_id = ? AND i.split = 'train' AND l.mode = ?`).pluck().iterate(datasetId, mode) as IterableIterator<string>;
}

export function parseOffsets(synsets: string): number[] {
  return synsets ? synsets.split(' ').map(Number) : [];
}
