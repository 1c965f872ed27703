import type { Response } from '../../shared/channels.js';
import type { VocabCurvePointSchema } from '../../shared/vocab-edit.js';
import type { z } from 'zod';
import { noteError } from '../../shared/errors.js';
import { requireDataset } from '../datasets/dataset-repository.js';
import { createLabeler } from '../labeling/labeler.js';
import type { LabelMode } from '../labeling/types.js';
import type { Db } from '../store/database.js';
import type { ClassKey } from './class-keys.js';
import { ensureItemLabels } from './item-labels.js';
import { defaultMinCount, thresholdMinCount, trainingClassRows } from './vocabulary.js';

const MAX_POINTS = 200;

type VocabCurvePoint = z.output<typeof VocabCurvePointSchema>;

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
  const { captions, points } = classCurve(() => trainingClassRows(db, dataset.id, mode, withLemmas));
  return {
    dataset: dataset.name,
    mode,
    captions,
    default_min_count: defaultMinCount(captions),
    datacomp_min_count: thresholdMinCount('datacomp', captions),
    points,
  };
}

/**
 * The curve over a stream of training captions' classes (`rows` is read twice). A class `alwaysKeep` keeps (a
 * custom class of an edited version, which saving keeps whatever the min-count) counts at every min-count.
 */
export function classCurve(
  rows: () => Iterable<ClassKey[]>,
  alwaysKeep?: (key: ClassKey) => boolean,
): { captions: number; points: VocabCurvePoint[] } {
  const curve = new CurveCounter(alwaysKeep);
  for (const keys of rows()) curve.count(keys);
  for (const keys of rows()) curve.reach(keys);
  return { captions: curve.captions, points: curve.points() };
}

/**
 * A curve built in two passes over the training captions, for callers that read the captions themselves:
 * `count` each caption's classes, then `reach` each caption's classes again, then `points`.
 */
export class CurveCounter {
  readonly counts = new Map<ClassKey, number>();
  captions = 0;
  /** Per caption, the largest min-count at which it keeps a class. */
  private readonly maxPerCaption: number[] = [];

  constructor(private readonly alwaysKeep: (key: ClassKey) => boolean = () => false) {}

  count(keys: readonly ClassKey[]): void {
    this.captions++;
    for (const key of keys) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  reach(keys: readonly ClassKey[]): void {
    let m = 0;
    for (const key of keys) m = Math.max(m, this.keptUpTo(key));
    this.maxPerCaption.push(m);
  }

  points(): VocabCurvePoint[] {
    const { counts, captions } = this;
    const distinct = [...new Set(counts.values())].sort((a, b) => a - b);
    const step = Math.max(1, Math.ceil(distinct.length / MAX_POINTS));
    const thresholds = distinct.filter((_, i) => i % step === 0);
    return thresholds.map((k) => {
      let size = 0;
      let labels = 0;
      for (const [key, c] of counts)
        if (this.keptUpTo(key) >= k) {
          size++;
          labels += c;
        }
      const covered = this.maxPerCaption.filter((m) => m >= k).length;
      return {
        min_count: k,
        size,
        coverage: captions ? covered / captions : 0,
        labels_per_caption: captions ? labels / captions : 0,
      };
    });
  }

  /** The min-count up to which a class is kept. */
  private keptUpTo(key: ClassKey): number {
    return this.alwaysKeep(key) ? Infinity : this.counts.get(key)!;
  }
}
