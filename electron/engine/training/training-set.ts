import path from 'node:path';
import { noteError } from '../../shared/errors.js';
import { captionTrainItems, requireDataset, type DatasetRow } from '../datasets/dataset-repository.js';
import { requireView } from '../datasets/dataset-views.js';
import { ImageCacheReader } from '../datasets/image-cache.js';
import type { Db } from '../store/database.js';
import { getVocabulary, vocabularySynsets } from '../vocab/vocabulary-repository.js';
import type { ClassKey } from '../vocab/class-keys.js';
import { itemClassKeys } from '../vocab/item-class-keys.js';

/**
 * The training split of a caption dataset, loaded compactly for the trainer: each item's record index in
 * the image cache, its caption, and (for CatLIP) its vocabulary class indices in CSR form. Pixels stay on
 * disk and are read per batch.
 */
export interface TrainingSet {
  dataset: DatasetRow;
  count: number;
  cache: ImageCacheReader;
  cacheIndex: Int32Array;
  captions: string[];
  /** CatLIP targets: classes of item i are classes[offsets[i] .. offsets[i+1]). */
  labels?: { offsets: Int32Array; classes: Int32Array; numClasses: number; vocabularyId: number };
}

/** `viewName`: only the training items of that dataset view. */
export function loadTrainingSet(
  db: Db,
  home: string,
  datasetName: string,
  vocabularyId?: number,
  viewName?: string,
): TrainingSet {
  const dataset = requireDataset(db, datasetName);
  if (dataset.kind !== 'captions') {
    throw noteError('unsupported', 'train.labelledSet', { name: dataset.name });
  }
  let rows = captionTrainItems(db, dataset.id);
  if (viewName !== undefined) {
    const kept = new Set(requireView(db, dataset, viewName).itemIds);
    rows = rows.filter((r) => kept.has(r.id));
  }
  if (rows.length === 0)
    throw viewName === undefined
      ? noteError('not-found', 'train.noItems', { name: dataset.name })
      : noteError('not-found', 'train.noItemsInView', { name: dataset.name, view: viewName });
  const cacheIndex = Int32Array.from(rows, (r) => r.cache_index);
  const captions = rows.map((r) => r.caption);
  const cache = new ImageCacheReader(path.join(home, dataset.cache_file));

  let labels: TrainingSet['labels'];
  if (vocabularyId !== undefined) {
    const vocab = getVocabulary(db, vocabularyId);
    if (!vocab || vocab.dataset_id !== dataset.id)
      throw noteError('not-found', 'train.vocabNotBelong', { vocabulary: vocabularyId, name: dataset.name });
    const position = new Map<ClassKey, number>();
    for (const r of vocabularySynsets(db, vocabularyId)) position.set(r.lemma ?? String(r.offset), r.position);
    const keysOf = itemClassKeys(db, vocab);
    const offsets = new Int32Array(rows.length + 1);
    const classes: number[] = [];
    rows.forEach((r, i) => {
      for (const key of keysOf(r.id, r.caption)) {
        const p = position.get(key);
        if (p !== undefined) classes.push(p);
      }
      offsets[i + 1] = classes.length;
    });
    labels = { offsets, classes: Int32Array.from(classes), numClasses: vocab.size, vocabularyId };
  }
  return { dataset, count: rows.length, cache, cacheIndex, captions, labels };
}

/** Raw uint8 records of a batch of item indices (one read per image from the cache file). */
export function readRecords(set: TrainingSet, items: ArrayLike<number>): Uint8Array[] {
  return Array.from({ length: items.length }, (_, i) => set.cache.read(set.cacheIndex[items[i]]));
}

export function labelsOf(set: TrainingSet, items: ArrayLike<number>): Int32Array[] {
  const l = set.labels!;
  return Array.from({ length: items.length }, (_, i) =>
    l.classes.subarray(l.offsets[items[i]], l.offsets[items[i] + 1]),
  );
}
