import type { Response } from '../../shared/channels.js';
import { noteError } from '../../shared/errors.js';
import { requireDataset } from '../datasets/dataset-repository.js';
import { createLabeler } from '../labeling/labeler.js';
import type { LabelMode } from '../labeling/types.js';
import type { Db } from '../store/database.js';
import { ensureItemLabels } from './item-labels.js';
import { countClasses, defaultMinCount, thresholdMinCount, trainingClassRows } from './vocabulary.js';

const MAX_POINTS = 200;

/**
 * Vocabulary size, coverage and labels per caption for every min-count at once, without storing anything:
 * what a min-count slider shows live. With synset counts c_s over N captions and, per caption, the largest
 * count m among its synsets:
 *   size(k) = #{s : c_s ≥ k},  labels_per_caption(k) = Σ_{c_s ≥ k} c_s / N,  coverage(k) = #{captions : m ≥ k} / N.
 */
export function vocabularyCurve(db: Db, datasetName: string, mode: LabelMode): Response<'vocab:preview'> {
  const dataset = requireDataset(db, datasetName);
  if (dataset.kind !== 'captions') throw noteError('unsupported', 'vocab.curveLabelled', { name: dataset.name });
  ensureItemLabels(db, dataset.id, createLabeler(mode));
  // Lemma classes count as a default paper-mode build counts them.
  const withLemmas = mode === 'paper';
  const { counts, captions } = countClasses(trainingClassRows(db, dataset.id, mode, withLemmas));
  const maxPerCaption: number[] = [];
  for (const keys of trainingClassRows(db, dataset.id, mode, withLemmas)) {
    let m = 0;
    for (const key of keys) m = Math.max(m, counts.get(key)!);
    maxPerCaption.push(m);
  }
  const distinct = [...new Set(counts.values())].sort((a, b) => a - b);
  const step = Math.max(1, Math.ceil(distinct.length / MAX_POINTS));
  const thresholds = distinct.filter((_, i) => i % step === 0);
  const points = thresholds.map((k) => {
    let size = 0;
    let labels = 0;
    for (const c of counts.values())
      if (c >= k) {
        size++;
        labels += c;
      }
    const covered = maxPerCaption.filter((m) => m >= k).length;
    return {
      min_count: k,
      size,
      coverage: captions ? covered / captions : 0,
      labels_per_caption: captions ? labels / captions : 0,
    };
  });
  return {
    dataset: dataset.name,
    mode,
    captions,
    default_min_count: defaultMinCount(captions),
    datacomp_min_count: thresholdMinCount('datacomp', captions),
    points,
  };
}
