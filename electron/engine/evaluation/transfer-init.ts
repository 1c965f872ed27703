/**
 * Transfer Init (CatLIP paper §4): the new classifier of a downstream task starts from the pretrained
 * CatLIP classifier instead of random weights. A class matched to one vocabulary synset gets that synset's
 * row (its head-kernel column and bias); a class matched to several gets their average; a class with none
 * gets a random row like a freshly initialised head, and is reported.
 *
 * The random row's bias is not 0 but calibrated to the transferred rows. CatLIP's sigmoid head makes
 * strongly negative logits for most images (most synsets are absent from most captions), so next to
 * transferred rows a 0 bias makes every image start as the unmatched class, and fine-tuning at a small
 * learning rate never recovers (measured: every flowers5 test image "tulip" after 20 steps at 1e-4). With the
 * train subset's mean feature μ, the random row's bias makes its mean logit over the train subset equal the
 * mean over transferred classes of their mean logits (b_c + μ·w_c); without μ, the mean transferred bias.
 * Under softmax only such differences matter: the unmatched class gets no head start either way. The
 * transferred rows themselves stay exactly the pretrained ones.
 */
import { Rng } from '../training/model/rng.js';
import type { ClassMatch } from './class-synsets.js';

/** A linear classifier logits = x · kernel + bias, kernel row-major [width, classes] as tf.Variable data. */
export interface LinearHead {
  width: number;
  classes: number;
  kernel: Float32Array;
  bias: Float32Array;
}

/** Std of a fresh head's weights: CoreNet's linear_init trunc_normal 0.02 (bias 0). */
export const RANDOM_HEAD_STD = 0.02;

/**
 * A fresh head: trunc-normal(0.02) weights, zero bias. Column c depends only on (seed, c), so the random
 * rows Transfer Init gives unmatched classes are the rows the same class gets under random init.
 */
export function randomHead(width: number, classes: number, seed: number): LinearHead {
  const head: LinearHead = { width, classes, kernel: new Float32Array(width * classes), bias: new Float32Array(classes) };
  for (let c = 0; c < classes; c++) fillRandomColumn(head, c, seed);
  return head;
}

function fillRandomColumn(head: LinearHead, c: number, seed: number): void {
  const rng = Rng.forName(seed, `eval-head/column/${c}`);
  for (let d = 0; d < head.width; d++) {
    let z = rng.normal();
    while (z < -2 || z > 2) z = rng.normal();
    head.kernel[d * head.classes + c] = z * RANDOM_HEAD_STD;
  }
  head.bias[c] = 0;
}

/**
 * The downstream head under Transfer Init from the pretrained CatLIP head (`head/kernel` [width, V],
 * `head/bias` [V]): one column per class of `matches`, in their order.
 */
export function transferHead(
  matches: readonly ClassMatch[],
  pretrained: LinearHead,
  seed: number,
  meanFeature?: Float32Array,
): { head: LinearHead; unmatched: string[] } {
  const { width } = pretrained;
  const classes = matches.length;
  const head: LinearHead = { width, classes, kernel: new Float32Array(width * classes), bias: new Float32Array(classes) };
  const unmatched: number[] = [];
  matches.forEach((match, c) => {
    if (match.positions.length === 0) {
      fillRandomColumn(head, c, seed);
      unmatched.push(c);
      return;
    }
    const share = 1 / match.positions.length;
    for (const p of match.positions) {
      if (p < 0 || p >= pretrained.classes) throw new RangeError(`class "${match.className}" maps to head row ${p}, outside the ${pretrained.classes} pretrained classes`);
      for (let d = 0; d < width; d++) head.kernel[d * classes + c] += pretrained.kernel[d * pretrained.classes + p] * share;
      head.bias[c] += pretrained.bias[p] * share;
    }
  });
  if (unmatched.length < classes) {
    const meanLogit = (c: number) => {
      let logit = head.bias[c];
      if (meanFeature) for (let d = 0; d < width; d++) logit += meanFeature[d] * head.kernel[d * classes + c];
      return logit;
    };
    let target = 0;
    for (let c = 0; c < classes; c++) if (!unmatched.includes(c)) target += meanLogit(c) / (classes - unmatched.length);
    for (const c of unmatched) head.bias[c] = target - meanLogit(c);
  }
  return { head, unmatched: unmatched.map((c) => matches[c].className) };
}
