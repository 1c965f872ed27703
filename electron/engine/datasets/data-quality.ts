import type { Response } from '../../shared/channels.js';
import { noteError } from '../../shared/errors.js';
import { detectLanguage } from '../labeling/caption-language.js';
import { createLabeler } from '../labeling/labeler.js';
import type { LabelMode } from '../labeling/types.js';
import type { Db } from '../store/database.js';
import { ensureItemLabels } from '../vocab/item-labels.js';
import { captionLabelRows, countImages, duplicateImageCount } from './caption-quality-repository.js';
import { requireDataset } from './dataset-repository.js';
import { requireView } from './dataset-views.js';
import { NEAR_DUPLICATE_DISTANCE } from './near-duplicate-groups.js';
import { datasetNearDuplicates } from './near-duplicates.js';

/** Near-duplicate groups listed as examples. */
const EXAMPLE_GROUPS = 5;

/** Caption length buckets (characters): upper bounds; the last bucket is open. */
const LENGTH_BOUNDS = [10, 20, 40, 80, 160];

/**
 * Data-quality figures of a caption dataset before training: captions that give no class at all, or no
 * synset; the language mix; the caption length distribution; the most frequent nouns no wordnet maps
 * (candidates for the business vocabulary editor); duplicate images found at import; and near-duplicate
 * images by perceptual hash (hashed here the first time).
 */
export async function dataQuality(
  db: Db,
  home: string,
  datasetName: string,
  mode: LabelMode,
  top: number,
  viewName?: string,
): Promise<Response<'datasets:quality'>> {
  const dataset = requireDataset(db, datasetName);
  /** With a view: the figures of its items (and of their images) only. */
  const kept = viewName === undefined ? null : new Set(requireView(db, dataset, viewName).itemIds);
  if (dataset.kind !== 'captions') throw noteError('unsupported', 'dataset.labelledQuality', { name: dataset.name });
  ensureItemLabels(db, dataset.id, createLabeler(mode));
  let captions = 0;
  let noClass = 0;
  let noSynset = 0;
  const languages = { en: 0, ja: 0 };
  const lengths = new Array<number>(LENGTH_BOUNDS.length + 1).fill(0);
  const unmatched = new Map<string, number>();
  const images = new Set<number>();
  for (const [itemId, imageId, caption, synsets, lemmas] of captionLabelRows(db, dataset.id, mode)) {
    if (kept && !kept.has(itemId)) continue;
    images.add(imageId);
    captions++;
    if (synsets === '') {
      noSynset++;
      if (lemmas === '') noClass++;
    }
    languages[detectLanguage(caption)]++;
    const length = [...caption].length;
    const bucket = LENGTH_BOUNDS.findIndex((bound) => length < bound);
    lengths[bucket < 0 ? LENGTH_BOUNDS.length : bucket]++;
    if (lemmas) for (const lemma of lemmas.split(' ')) unmatched.set(lemma, (unmatched.get(lemma) ?? 0) + 1);
  }
  const share = (n: number) => (captions ? n / captions : 0);
  const groups = (await datasetNearDuplicates(db, home, dataset))
    .map((g) => (kept ? g.filter((image) => images.has(image.id)) : g))
    .filter((g) => g.length > 1);
  return {
    dataset: dataset.name,
    view: viewName ?? null,
    mode,
    captions,
    no_class: share(noClass),
    no_synset: share(noSynset),
    languages,
    lengths: lengths.map((count, i) => ({
      min: i === 0 ? 0 : LENGTH_BOUNDS[i - 1],
      max: i < LENGTH_BOUNDS.length ? LENGTH_BOUNDS[i] - 1 : null,
      count,
    })),
    unmatched: [...unmatched]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, top)
      .map(([lemma, count]) => ({ lemma, count })),
    duplicate_images: duplicateImageCount(db, dataset.id),
    near_duplicates: {
      threshold: NEAR_DUPLICATE_DISTANCE,
      images: kept ? images.size : countImages(db, dataset.id),
      groups: groups.length,
      redundant: groups.reduce((n, g) => n + g.length - 1, 0),
      examples: groups.slice(0, EXAMPLE_GROUPS).map((g) => g.map(({ id, source }) => ({ id, source }))),
    },
  };
}
