import type { DatasetView } from '../../shared/dataset-view.js';
import { countImages } from '../datasets/caption-quality-repository.js';
import { countItems, type DatasetRow } from '../datasets/dataset-repository.js';
import { requireView } from '../datasets/dataset-views.js';
import type { Db } from '../store/database.js';

/** What a run trains on: the whole dataset, or a saved view's (frozen) items. */
export interface TrainingData {
  view: DatasetView | null;
  items: number;
  images: number;
  train_items: number;
}

/**
 * The size of the data a run on the dataset (or on its view `viewName`) trains on. The run config and the
 * estimate both count from here, so an estimate for a view plans with the view's items, not the dataset's.
 */
export function trainingData(db: Db, dataset: DatasetRow, viewName?: string): TrainingData {
  if (viewName === undefined)
    return {
      view: null,
      items: countItems(db, dataset.id),
      images: countImages(db, dataset.id),
      train_items: countItems(db, dataset.id, 'train'),
    };
  const { view } = requireView(db, dataset, viewName);
  return { view, items: view.after.items, images: view.after.images, train_items: view.after.train_items };
}

/** Whole batches in one pass over the training items (the trainer's epoch). */
export function stepsPerEpoch(trainItems: number, batch: number): number {
  return Math.floor(trainItems / batch);
}

/** The steps a run is planned for: the steps asked, else the epochs asked over the training items (at least 1). */
export function plannedSteps(steps: number | undefined, epochs: number, perEpoch: number): number {
  return steps ?? Math.max(1, Math.round(epochs * perEpoch));
}
