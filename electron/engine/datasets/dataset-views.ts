import {
  describeFilters,
  type DatasetView,
  type DatasetViewFilters,
  type ViewCoverage,
} from '../../shared/dataset-view.js';
import { noteError } from '../../shared/errors.js';
import { detectLanguage } from '../labeling/caption-language.js';
import { createLabeler } from '../labeling/labeler.js';
import type { LabelMode } from '../labeling/types.js';
import type { Db } from '../store/database.js';
import { classKeysOf } from '../vocab/class-keys.js';
import { ensureItemLabels } from '../vocab/item-labels.js';
import { requireDataset, type DatasetRow } from './dataset-repository.js';
import {
  datasetViews,
  findView,
  insertView,
  viewCandidates,
  viewItemIds,
  type DatasetViewRow,
  type ViewCandidate,
} from './dataset-view-repository.js';
import { datasetNearDuplicates } from './near-duplicates.js';

/**
 * Dataset views: quality filters (captions without a class, languages, caption length, near-duplicate
 * images) applied to a caption dataset and saved under a name with the items they keep, so training can run
 * on exactly those items. A preview computes the same figures without saving, to show the filters' effect
 * on coverage before a run.
 */

export interface ViewRequest {
  dataset: string;
  name: string;
  mode: LabelMode;
  filters: DatasetViewFilters;
}

/** The filters' effect on coverage (and, when `save`, the stored view). Names are unique per dataset. */
export async function createView(db: Db, home: string, req: ViewRequest, save: boolean): Promise<DatasetView> {
  const dataset = requireCaptionDataset(db, req.dataset);
  if (save && findView(db, dataset.id, req.name)) {
    throw noteError('conflict', 'view.exists', { name: dataset.name, view: req.name }, { field: 'name' });
  }
  ensureItemLabels(db, dataset.id, createLabeler(req.mode));
  const all = viewCandidates(db, dataset.id, req.mode);
  const kept = await filterItems(db, home, dataset, all, req.filters);
  const before = coverage(all);
  const after = coverage(kept);
  if (!save)
    return {
      dataset: dataset.name,
      name: req.name,
      mode: req.mode,
      filters: req.filters,
      before,
      after,
      created_at: null,
    };
  if (after.train_items === 0)
    throw noteError('invalid-request', 'view.empty', { name: dataset.name }, { field: 'filters' });
  const row = insertView(
    db,
    {
      dataset_id: dataset.id,
      name: req.name,
      mode: req.mode,
      filters_json: JSON.stringify(req.filters),
      before_json: JSON.stringify(before),
      after_json: JSON.stringify(after),
    },
    kept.map((i) => i.id),
  );
  return toView(dataset, row);
}

export function listViews(db: Db, datasetName: string): DatasetView[] {
  const dataset = requireDataset(db, datasetName);
  return datasetViews(db, dataset.id).map((row) => toView(dataset, row));
}

/** A stored view and the ids of its items, or a not-found error that names the dataset's views. */
export function requireView(db: Db, dataset: DatasetRow, name: string): { view: DatasetView; itemIds: number[] } {
  const row = findView(db, dataset.id, name);
  if (!row) {
    const names = datasetViews(db, dataset.id).map((v) => v.name);
    throw names.length
      ? noteError(
          'not-found',
          'view.notFound',
          { name: dataset.name, view: name, views: names.join(', ') },
          { field: 'view' },
        )
      : noteError('not-found', 'view.noneYet', { name: dataset.name, view: name }, { field: 'view' });
  }
  return { view: toView(dataset, row), itemIds: viewItemIds(db, row.id) };
}

/** One line describing a view's filters (CLI and report). */
export function viewFilterText(filters: DatasetViewFilters): string {
  const parts = describeFilters(filters);
  return parts.length ? parts.join('; ') : 'no filters (every item)';
}

async function filterItems(
  db: Db,
  home: string,
  dataset: DatasetRow,
  items: ViewCandidate[],
  f: DatasetViewFilters,
): Promise<ViewCandidate[]> {
  let kept = items.filter((item) => {
    if (f.dropNoClass && item.synsets === '' && item.lemmas === '') return false;
    if (f.languages && !f.languages.includes(detectLanguage(item.caption))) return false;
    const length = [...item.caption].length;
    if (f.minLength !== undefined && length < f.minLength) return false;
    if (f.maxLength !== undefined && length > f.maxLength) return false;
    return true;
  });
  if (f.dropNearDuplicates) {
    // of each group, the first image that still has items after the other filters is kept
    const images = new Set(kept.map((item) => item.image_id));
    const dropped = new Set<number>();
    for (const group of await datasetNearDuplicates(db, home, dataset)) {
      const present = group.filter((image) => images.has(image.id));
      for (const image of present.slice(1)) dropped.add(image.id);
    }
    kept = kept.filter((item) => !dropped.has(item.image_id));
  }
  return kept;
}

function coverage(items: readonly ViewCandidate[]): ViewCoverage {
  const classes = new Set<string>();
  let captions = 0;
  let covered = 0;
  for (const item of items) {
    if (item.caption === '') continue;
    captions++;
    const keys = classKeysOf(item.synsets, item.lemmas);
    if (keys.length) covered++;
    for (const key of keys) classes.add(key);
  }
  return {
    items: items.length,
    captions,
    images: new Set(items.map((item) => item.image_id)).size,
    train_items: items.filter((item) => item.split === 'train').length,
    classes: classes.size,
    class_coverage: captions ? covered / captions : 0,
  };
}

function requireCaptionDataset(db: Db, name: string): DatasetRow {
  const dataset = requireDataset(db, name);
  if (dataset.kind !== 'captions') throw noteError('unsupported', 'view.labelled', { name: dataset.name });
  return dataset;
}

function toView(dataset: DatasetRow, row: DatasetViewRow): DatasetView {
  return {
    dataset: dataset.name,
    name: row.name,
    mode: row.mode,
    filters: JSON.parse(row.filters_json) as DatasetViewFilters,
    before: JSON.parse(row.before_json) as ViewCoverage,
    after: JSON.parse(row.after_json) as ViewCoverage,
    created_at: row.created_at,
  };
}
