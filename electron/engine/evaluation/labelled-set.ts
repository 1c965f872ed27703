import path from 'node:path';
import { noteError } from '../../shared/errors.js';
import { datasetClasses, labelledSplitItems, requireDataset, type DatasetRow } from '../datasets/dataset-repository.js';
import { ImageCacheReader } from '../datasets/image-cache.js';
import type { Db } from '../store/database.js';

/** One split of a labelled dataset: each item's image-cache record and class index (into `classes`). */
export interface LabelledSplit {
  name: 'train' | 'val' | 'test';
  cacheIndex: Int32Array;
  labels: Int32Array;
}

/** A labelled (ImageFolder) dataset as evaluation reads it: class names, the two splits, the pixel cache. */
export interface LabelledSet {
  dataset: DatasetRow;
  /** Class names in class-id order (the order of the confusion matrix). */
  classes: string[];
  train: LabelledSplit;
  /** The 'test' split stored at import; a dataset imported with only train/ and val/ folders uses 'val'. */
  test: LabelledSplit;
  cache: ImageCacheReader;
}

export function loadLabelledSet(db: Db, home: string, datasetName: string): LabelledSet {
  const dataset = requireDataset(db, datasetName);
  if (dataset.kind !== 'labelled') {
    throw noteError('unsupported', 'eval.captionDataset', { name: dataset.name });
  }
  const classRows = datasetClasses(db, dataset.id);
  if (classRows.length < 2)
    throw noteError('invalid-request', 'eval.fewClasses', { name: dataset.name, count: classRows.length });
  const classIndex = new Map(classRows.map((c, i) => [c.id, i]));
  const split = (name: LabelledSplit['name']): LabelledSplit => {
    const rows = labelledSplitItems(db, dataset.id, name);
    return {
      name,
      cacheIndex: Int32Array.from(rows, (r) => r.cache_index),
      labels: Int32Array.from(rows, (r) => classIndex.get(r.class_id)!),
    };
  };
  const train = split('train');
  let test = split('test');
  if (test.labels.length === 0) test = split('val');
  if (train.labels.length === 0) throw noteError('not-found', 'eval.noTrainItems', { name: dataset.name });
  if (test.labels.length === 0) throw noteError('not-found', 'eval.noTestItems', { name: dataset.name });
  return {
    dataset,
    classes: classRows.map((c) => c.name),
    train,
    test,
    cache: new ImageCacheReader(path.join(home, dataset.cache_file)),
  };
}
