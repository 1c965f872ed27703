/**
 * Transfer Init (CatLIP paper §4): the new classifier of a downstream task starts from the pretrained
 * CatLIP classifier instead of random weights. A class matched to one vocabulary synset gets that synset's
 * row (its head-kernel column and bias); a class matched to several gets their average; a class with none
 * gets a random row like a freshly initialised head, and is reported.
 *
 * Copied as they are, the rows also carry the pre-training prior: a synset frequent in the pre-training
 * captions (dog.n.01 in a pet-heavy set) has a high logit for every image, and the new head starts by
 * predicting that class for everything — which a short fine-tune or a small labelled set does not undo.
 * balanceTransferredHead therefore starts the head balanced on the downstream task, keeping only what
 * the rows say about how images DIFFER:
 *   1. centre: subtract each class's mean logit over the downstream train features (the prior, and any
 *      offset the class's synsets had, go away; the rows' directions stay);
 *   2. scale: multiply all logits by one factor s ∈ [0, 1], the one that minimises the train
 *      cross-entropy — rows that are overconfident for the new task are tempered, rows that carry nothing
 *      go to s = 0, a head no worse than the class frequencies alone (CatLIP's sigmoid logits are not
 *      calibrated for a softmax over a few classes);
 *   3. bias: set so that the mean predicted probability of each class over the train items equals its
 *      frequency there (the optimum of the cross-entropy in the bias for that kernel).
 * The random rows of unmatched classes go through the same steps. The probe then rewrites the head for
 * its standardised features (linear-probe.ts headOnStandardised).
 */
import { Rng } from '../training/model/rng.js';
import { minimiseLbfgs, type Objective } from './lbfgs.js';
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
  const head: LinearHead = {
    width,
    classes,
    kernel: new Float32Array(width * classes),
    bias: new Float32Array(classes),
  };
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
 * `head/bias` [V]): one column per class of `matches`, in their order — the pretrained rows as they are
 * (balanceTransferredHead then removes the prior).
 */
export function transferHead(
  matches: readonly ClassMatch[],
  pretrained: LinearHead,
  seed: number,
): { head: LinearHead; unmatched: string[] } {
  const { width } = pretrained;
  const classes = matches.length;
  const head: LinearHead = {
    width,
    classes,
    kernel: new Float32Array(width * classes),
    bias: new Float32Array(classes),
  };
  const unmatched: string[] = [];
  matches.forEach((match, c) => {
    if (match.positions.length === 0) {
      fillRandomColumn(head, c, seed);
      unmatched.push(match.className);
      return;
    }
    const share = 1 / match.positions.length;
    for (const p of match.positions) {
      if (p < 0 || p >= pretrained.classes)
        throw new RangeError(
          `class "${match.className}" maps to head row ${p}, outside the ${pretrained.classes} pretrained classes`,
        );
      for (let d = 0; d < width; d++)
        head.kernel[d * classes + c] += pretrained.kernel[d * pretrained.classes + p] * share;
      head.bias[c] += pretrained.bias[p] * share;
    }
  });
  return { head, unmatched };
}

/** What balancing did, as stored with the evaluation. */
export interface TransferBalance {
  /** The factor s the centred logits were multiplied by. */
  scale: number;
  /** Train cross-entropy of the balanced head, and of the class frequencies alone (s = 0). */
  train_loss: number;
  frequencies_loss: number;
}

/**
 * The balanced start (see the file comment) of a raw-feature head on the train subset's raw features
 * [n, width] and labels. `labelSmoothing`: the loss the head will be trained with (fine-tuning smooths its
 * targets; a start fitted without it is more confident than that loss wants, and its first steps pull
 * every margin down through the encoder).
 */
export async function balanceTransferredHead(
  head: LinearHead,
  features: Float32Array,
  labels: Int32Array,
  labelSmoothing = 0,
): Promise<{ head: LinearHead; balance: TransferBalance }> {
  const { width, classes } = head;
  const n = labels.length;
  if (n === 0 || features.length !== n * width)
    throw new RangeError(`balance: ${features.length} feature values for ${n} items of width ${width}`);
  // centred logits G[i, c] = x_i·w_c + b_c − mean over items
  const centred = new Float64Array(n * classes);
  const mean = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classes; c++) {
      let z = head.bias[c];
      for (let d = 0; d < width; d++) z += features[i * width + d] * head.kernel[d * classes + c];
      centred[i * classes + c] = z;
      mean[c] += z / n;
    }
  }
  for (let i = 0; i < n; i++) for (let c = 0; c < classes; c++) centred[i * classes + c] -= mean[c];
  const frequencies = new Float64Array(classes);
  for (const y of labels) frequencies[y] += 1 / n;
  // a class without train items keeps a small share rather than a bias of −∞
  for (let c = 0; c < classes; c++) frequencies[c] = Math.max(frequencies[c], 0.5 / n);
  const total = frequencies.reduce((x, y) => x + y, 0);
  for (let c = 0; c < classes; c++)
    frequencies[c] = (1 - labelSmoothing) * (frequencies[c] / total) + labelSmoothing / classes;

  const fitAt = (scale: number) => fitBiases(centred, labels, scale, frequencies, labelSmoothing);
  // the loss minimised over the bias is convex in s (partial minimum of a jointly convex function): golden section
  let [lo, hi] = [0, 1];
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let [fa, fb] = [(await fitAt(a)).loss, (await fitAt(b)).loss];
  for (let k = 0; k < 40; k++) {
    if (fa <= fb) {
      [hi, b, fb] = [b, a, fa];
      a = hi - ratio * (hi - lo);
      fa = (await fitAt(a)).loss;
    } else {
      [lo, a, fa] = [a, b, fb];
      b = lo + ratio * (hi - lo);
      fb = (await fitAt(b)).loss;
    }
  }
  // the ends are candidates too: a golden-section bracket never evaluates them
  const candidates: { scale: number; biases: Float64Array; loss: number }[] = [];
  for (const scale of [0, (lo + hi) / 2, 1]) candidates.push({ scale, ...(await fitAt(scale)) });
  const best = candidates.reduce((x, y) => (y.loss < x.loss ? y : x));
  const balanced: LinearHead = {
    width,
    classes,
    kernel: new Float32Array(width * classes),
    bias: new Float32Array(classes),
  };
  for (let k = 0; k < balanced.kernel.length; k++) balanced.kernel[k] = head.kernel[k] * best.scale;
  for (let c = 0; c < classes; c++) balanced.bias[c] = best.scale * (head.bias[c] - mean[c]) + best.biases[c];
  return {
    head: balanced,
    balance: { scale: best.scale, train_loss: best.loss, frequencies_loss: candidates[0].loss },
  };
}

/**
 * Biases β that make the mean softmax(s·G_i + β) over the items equal the class frequencies (smoothed
 * as the targets are): the minimum of mean_i logsumexp(s·G_i + β) − Σ_c frequency_c·β_c (convex; its
 * gradient is mean probability − frequency), found by L-BFGS; and the mean (label-smoothed) cross-entropy
 * of the labels there.
 */
async function fitBiases(
  centred: Float64Array,
  labels: Int32Array,
  scale: number,
  frequencies: Float64Array,
  labelSmoothing: number,
): Promise<{ biases: Float64Array; loss: number }> {
  const classes = frequencies.length;
  const n = labels.length;
  const z = new Float64Array(classes);
  const logSumExp = (i: number, biases: Float64Array) => {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      z[c] = scale * centred[i * classes + c] + biases[c];
      max = Math.max(max, z[c]);
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(z[c] - max);
    return max + Math.log(sum);
  };
  const objective: Objective = (biases, gradient) => {
    let value = 0;
    for (let c = 0; c < classes; c++) {
      value -= frequencies[c] * biases[c];
      gradient[c] = -frequencies[c];
    }
    for (let i = 0; i < n; i++) {
      const lse = logSumExp(i, biases);
      value += lse / n;
      for (let c = 0; c < classes; c++) gradient[c] += Math.exp(z[c] - lse) / n;
    }
    return value;
  };
  const { x: biases } = await minimiseLbfgs(objective, frequencies.map(Math.log), {
    maxIterations: 200,
    gradientTolerance: 1e-9,
  });
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const lse = logSumExp(i, biases);
    let mean = 0;
    for (let c = 0; c < classes; c++) mean += z[c] / classes;
    loss += (lse - (1 - labelSmoothing) * z[labels[i]] - labelSmoothing * mean) / n;
  }
  return { biases, loss };
}
