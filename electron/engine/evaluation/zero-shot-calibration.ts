/**
 * The two things CatLIP synset zero-shot needs besides the head: a correction of the scores for what the
 * pre-training set (not the image) put into them, and an honest statement of what the class → synset
 * mapping makes impossible.
 *
 * Corrections (the evaluation stores which one ran):
 * - 'prior': subtract each synset's prior log-odds in the pre-training captions (zero-shot.ts). Exact when
 *   the head's logits are calibrated log-odds, which a short pre-training's head is not.
 * - 'downstream': standardise each class's score by its mean and standard deviation over UNLABELLED images
 *   of the downstream set (a seeded sample of its train split; their labels are never read). Whatever is
 *   constant across the downstream images — the pre-training prior, a synset's offset, a logit scale that
 *   differs between synsets — goes; what is left ranks an image's classes by how unusual each class's
 *   evidence is for this image among the set's images. Under a balanced downstream set each class then wins
 *   about as often; a frequent pre-training synset cannot take every image.
 * - 'none': the raw max logit, kept to show what the corrections change.
 *
 * Warnings: a class whose name matched no vocabulary synset scores -Infinity and is never predicted;
 * classes that matched the same synsets always score the same, so only one of them can ever be predicted
 * (ties go to the first); a class matched only to a synset near it but not above it in WordNet (dandelion
 * → banana.n.01, both herbs) is scored by evidence for something else. Each makes the top-1 partly a statement about the vocabulary, not the encoder:
 * `reachableShare` is the best top-1 any model could reach through that mapping.
 */
import { Rng } from '../training/model/rng.js';
import type { ClassMatch } from './class-synsets.js';

export const ZERO_SHOT_CORRECTIONS = ['prior', 'downstream', 'none'] as const;
export type ZeroShotCorrection = (typeof ZERO_SHOT_CORRECTIONS)[number];

/** Unlabelled train-split images the 'downstream' correction reads at most (a seeded sample beyond that). */
export const CALIBRATION_IMAGES = 512;

/** Per-class mean and standard deviation of class scores [n, classes] over unlabelled images. */
export interface ClassCalibration {
  mean: Float64Array;
  std: Float64Array;
  images: number;
}

/**
 * Fits the per-class standardisation on scores of unlabelled images. Only the scores go in: nothing here
 * can see a label. A class scored -Infinity (no synset) keeps mean 0 and std 1 so it stays -Infinity.
 */
export function fitCalibration(scores: Float32Array, classes: number): ClassCalibration {
  const n = scores.length / classes;
  const mean = new Float64Array(classes);
  const std = new Float64Array(classes).fill(1);
  for (let c = 0; c < classes; c++) {
    if (n === 0 || !Number.isFinite(scores[c])) continue;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += scores[i * classes + c];
    const m = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (scores[i * classes + c] - m) ** 2;
    mean[c] = m;
    // a class whose score never varies carries no evidence: a floor keeps it finite (and never preferred)
    std[c] = Math.max(Math.sqrt(squares / n), 1e-6);
  }
  return { mean, std, images: n };
}

export function applyCalibration(scores: Float32Array, calibration: ClassCalibration): Float32Array {
  const classes = calibration.mean.length;
  return scores.map((v, i) => (v - calibration.mean[i % classes]) / calibration.std[i % classes]);
}

/** Which train-split positions calibrate: all of them up to CALIBRATION_IMAGES, else a seeded sample (ascending). */
export function calibrationSample(items: number, seed: number, limit = CALIBRATION_IMAGES): Int32Array {
  const order = Int32Array.from({ length: items }, (_, i) => i);
  if (items <= limit) return order;
  const rng = Rng.forName(seed, 'zero-shot/calibration');
  for (let i = items - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, limit).sort();
}

export interface ZeroShotWarning {
  kind: 'no-synset' | 'shared-synset' | 'related-synset';
  classes: string[];
  /** 'shared-synset': the synsets (NLTK names) the classes all matched; 'related-synset': each class's synset. */
  synsets?: string[];
}

/** What the class → synset mapping makes impossible (see the file comment). */
export function zeroShotWarnings(matches: readonly ClassMatch[]): ZeroShotWarning[] {
  const warnings: ZeroShotWarning[] = [];
  const none = matches.filter((m) => m.positions.length === 0).map((m) => m.className);
  if (none.length) warnings.push({ kind: 'no-synset', classes: none });
  for (const group of identicalGroups(matches)) {
    const first = matches[group[0]];
    const synsets = first.positions.map((p) => first.words.find((w) => w.position === p)?.synset ?? `#${p}`);
    warnings.push({ kind: 'shared-synset', classes: group.map((c) => matches[c].className), synsets });
  }
  // a class scored only by a synset that is near it but not what it is: its score measures something else
  const related = matches.filter(
    (m) => m.positions.length > 0 && m.words.every((w) => w.how === 'none' || w.relation === 'related'),
  );
  if (related.length) {
    warnings.push({
      kind: 'related-synset',
      classes: related.map((m) => m.className),
      synsets: related.map((m) => m.words.find((w) => w.synset)!.synset!),
    });
  }
  return warnings;
}

/**
 * The best top-1 reachable through the mapping: the share of test items whose class can be predicted at all
 * (it matched a synset, and it is the first of the classes sharing exactly its synsets).
 */
export function reachableShare(matches: readonly ClassMatch[], testLabels: ArrayLike<number>): number {
  const predictable = matches.map((m) => m.positions.length > 0);
  for (const group of identicalGroups(matches)) for (const c of group.slice(1)) predictable[c] = false;
  let reachable = 0;
  for (let i = 0; i < testLabels.length; i++) if (predictable[testLabels[i]]) reachable++;
  return testLabels.length === 0 ? 0 : reachable / testLabels.length;
}

/** Groups (class indices, ≥ 2 each) of matched classes with the same set of synsets. */
function identicalGroups(matches: readonly ClassMatch[]): number[][] {
  const byKey = new Map<string, number[]>();
  matches.forEach((m, c) => {
    if (m.positions.length === 0) return;
    const key = [...m.positions].sort((a, b) => a - b).join(',');
    byKey.set(key, [...(byKey.get(key) ?? []), c]);
  });
  return [...byKey.values()].filter((g) => g.length > 1);
}
