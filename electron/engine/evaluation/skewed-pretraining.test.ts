import * as tf from '../tfjs.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageCacheReader, ImageCacheWriter } from '../datasets/image-cache.js';
import { vitPreset } from '../training/model/model-presets.js';
import { createModel } from '../training/model/objectives.js';
import { Rng } from '../training/model/rng.js';
import type { ClassMatch } from './class-synsets.js';
import { stratifiedSubset } from './fraction.js';
import { finetune, FINETUNE_DEFAULTS } from './finetune.js';
import { minimiseLbfgs, type Objective } from './lbfgs.js';
import { linearScores } from './linear-probe.js';
import { mapImages } from './map-images.js';
import { classificationMetrics } from './metrics.js';
import { balanceTransferredHead, randomHead, transferHead, type LinearHead } from './transfer-init.js';
import { catlipClassScores, priorLogOdds } from './zero-shot.js';
import { applyCalibration, fitCalibration } from './zero-shot-calibration.js';

/**
 * Regression test for a skewed pre-training set, the case where Transfer Init and synset zero-shot used to
 * carry the pre-training prior: synset 0 ("dog") is in 70% of the pre-training captions, so the CatLIP
 * head's dog logit is high for every image. Synthetic and small: 4 classes of 12-px coloured images with
 * texture noise, a tiny ViT (its random encoder, frozen, as the "pretrained" one), and a CatLIP head fitted
 * by sigmoid cross-entropy on the skewed multi-label captions. Downstream: 60 train / 30 test images per
 * class, balanced.
 */
const SIZE = 12;
const CLASSES = ['dog', 'daisy', 'rose', 'tulip'];
/** Mean colour of each class's images. */
const COLOURS = [
  [200, 120, 60],
  [230, 230, 80],
  [200, 40, 60],
  [150, 60, 190],
];
const VOCABULARY = 6; // the 4 class synsets and 2 others
const encoder = { ...vitPreset('vit-tiny'), imageSize: SIZE, patchSize: 6 };
const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-skewed-'));
let cache: ImageCacheReader;
const model = createModel({ objective: 'catlip', encoder, numClasses: VOCABULARY, seed: 3 });
const matches: ClassMatch[] = CLASSES.map((className, c) => ({ className, positions: [c], how: 'exact', words: [] }));

/** Cache records: pre-training images, then downstream train, then downstream test. */
const PRETRAIN = 400;
const TRAIN_PER_CLASS = 60;
const TEST_PER_CLASS = 20;
let pretrainLabels: Int32Array;
const downstream = {
  train: { cacheIndex: new Int32Array(0), labels: new Int32Array(0) },
  test: { cacheIndex: new Int32Array(0), labels: new Int32Array(0) },
};
let pretrained: LinearHead;
let captionCounts: { position: number; count: number }[];

function image(c: number, rng: Rng): Uint8Array {
  const rgb = new Uint8Array(SIZE * SIZE * 3);
  const shade = 0.7 + 0.6 * rng.next();
  for (let p = 0; p < SIZE * SIZE; p++) {
    for (let ch = 0; ch < 3; ch++)
      rgb[p * 3 + ch] = Math.max(0, Math.min(255, Math.round(COLOURS[c][ch] * shade + 60 * rng.normal())));
  }
  return rgb;
}

async function features(cacheIndex: Int32Array): Promise<Float32Array> {
  return (await mapImages(cache, cacheIndex, (x) => model.encodeImages(x), { imageSize: SIZE })).values;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  const file = path.join(home, 'images.bin');
  const writer = new ImageCacheWriter(file, SIZE);
  const rng = new Rng(5);
  // pre-training: 70% dog images; the rest spread over the other 3 classes
  pretrainLabels = Int32Array.from({ length: PRETRAIN }, (_, i) => (i % 10 < 7 ? 0 : 1 + (i % 3)));
  pretrainLabels.forEach((c, i) => writer.write(i, image(c, rng)));
  const split = (perClass: number, first: number) => {
    const labels = Int32Array.from({ length: perClass * CLASSES.length }, (_, i) => i % CLASSES.length);
    labels.forEach((c, i) => writer.write(first + i, image(c, rng)));
    return { cacheIndex: Int32Array.from(labels, (_, i) => first + i), labels };
  };
  downstream.train = split(TRAIN_PER_CLASS, PRETRAIN);
  downstream.test = split(TEST_PER_CLASS, PRETRAIN + TRAIN_PER_CLASS * CLASSES.length);
  writer.close();
  cache = new ImageCacheReader(file);

  // the CatLIP head on the frozen encoder: a sigmoid per synset fitted to the captions' labels, strongly
  // regularised — a short pre-training's head, whose biases (the prior) outweigh what it learnt from images;
  // each caption names its image's synset, and a dog caption sometimes also a synset 4 ("leash")
  const L2 = 1;
  const x = await features(Int32Array.from({ length: PRETRAIN }, (_, i) => i));
  const width = encoder.width;
  const targets = new Float64Array(PRETRAIN * VOCABULARY);
  pretrainLabels.forEach((c, i) => {
    targets[i * VOCABULARY + c] = 1;
    if (c === 0 && i % 3 === 0) targets[i * VOCABULARY + 4] = 1;
  });
  const bce: Objective = (theta, g) => {
    g.fill(0);
    let loss = 0;
    for (let i = 0; i < PRETRAIN; i++) {
      for (let v = 0; v < VOCABULARY; v++) {
        let z = theta[width * VOCABULARY + v];
        for (let d = 0; d < width; d++) z += x[i * width + d] * theta[d * VOCABULARY + v];
        const t = targets[i * VOCABULARY + v];
        loss += (Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)))) / PRETRAIN;
        const r = (1 / (1 + Math.exp(-z)) - t) / PRETRAIN;
        for (let d = 0; d < width; d++) g[d * VOCABULARY + v] += r * x[i * width + d];
        g[width * VOCABULARY + v] += r;
      }
    }
    for (let k = 0; k < width * VOCABULARY; k++) {
      loss += (L2 / 2) * theta[k] ** 2;
      g[k] += L2 * theta[k];
    }
    return loss;
  };
  const fit = await minimiseLbfgs(bce, new Float64Array((width + 1) * VOCABULARY), {
    maxIterations: 300,
    gradientTolerance: 1e-6,
  });
  pretrained = {
    width,
    classes: VOCABULARY,
    kernel: Float32Array.from(fit.x.subarray(0, width * VOCABULARY)),
    bias: Float32Array.from(fit.x.subarray(width * VOCABULARY)),
  };
  captionCounts = Array.from({ length: VOCABULARY }, (_, v) => {
    let count = 0;
    for (let i = 0; i < PRETRAIN; i++) count += targets[i * VOCABULARY + v];
    return { position: v, count };
  });
}, 60_000);

afterAll(() => {
  cache?.close();
  model.dispose();
  rmSync(home, { recursive: true, force: true });
});

/** Share of test images predicted as each class. */
function predictedShares(scores: Float32Array): number[] {
  const m = classificationMetrics(scores, downstream.test.labels, CLASSES);
  const n = downstream.test.labels.length;
  return CLASSES.map((_, c) => m.confusion.reduce((sum, row) => sum + row[c], 0) / n);
}

describe('a skewed pre-training set (dog in 70% of the captions)', () => {
  it('zero-shot with the prior correction does not collapse onto dog; without it, it does', async () => {
    const x = await features(downstream.test.cacheIndex);
    const logits = await linearScores(x, pretrained);
    const raw = catlipClassScores(logits, VOCABULARY, matches);
    const corrected = catlipClassScores(logits, VOCABULARY, matches, priorLogOdds(captionCounts, PRETRAIN, VOCABULARY));
    // the skew is real: the raw logits answer dog for nearly every image
    expect(predictedShares(raw)[0]).toBeGreaterThan(0.8);
    const top1 = classificationMetrics(corrected, downstream.test.labels, CLASSES).top1;
    expect(top1).toBeGreaterThan(0.5); // chance: 0.25
    expect(predictedShares(corrected)[0]).toBeLessThan(0.5);
  });

  it('zero-shot calibrated on the unlabelled downstream images does not collapse onto dog either', async () => {
    const logits = await linearScores(await features(downstream.test.cacheIndex), pretrained);
    // the train split's images stand in for unlabelled downstream images: their labels are never passed
    const unlabelled = await linearScores(await features(downstream.train.cacheIndex), pretrained);
    const calibration = fitCalibration(catlipClassScores(unlabelled, VOCABULARY, matches), CLASSES.length);
    const calibrated = applyCalibration(catlipClassScores(logits, VOCABULARY, matches), calibration);
    const top1 = classificationMetrics(calibrated, downstream.test.labels, CLASSES).top1;
    expect(top1).toBeGreaterThan(0.5); // chance: 0.25
    expect(Math.max(...predictedShares(calibrated))).toBeLessThan(0.5);
  });

  it('Transfer Init starts balanced, where the rows as transferred predict dog for nearly everything', async () => {
    const train = downstream.train;
    const { head: raw } = transferHead(matches, pretrained, 1);
    const { head } = await balanceTransferredHead(raw, await features(train.cacheIndex), train.labels);
    const x = await features(downstream.test.cacheIndex);
    expect(predictedShares(await linearScores(x, raw))[0]).toBeGreaterThan(0.8);
    const shares = predictedShares(await linearScores(x, head));
    expect(Math.max(...shares)).toBeLessThan(0.5);
    expect(classificationMetrics(await linearScores(x, head), downstream.test.labels, CLASSES).top1).toBeGreaterThan(
      0.5,
    );
  });

  it('fine-tuned from Transfer Init is not worse than from a random head at 1 and 6 labels per class (2% and 10%), over seeds', async () => {
    const allTrain = await features(downstream.train.cacheIndex);
    const width = encoder.width;
    const results: { fraction: number; seed: number; random: number; transfer: number }[] = [];
    for (const fraction of [0.02, 0.1]) {
      for (const seed of [1, 2]) {
        const subset = stratifiedSubset(downstream.train.labels, fraction, seed);
        const train = {
          cache,
          cacheIndex: subset.map((i) => downstream.train.cacheIndex[i]),
          labels: subset.map((i) => downstream.train.labels[i]),
        };
        const raw = new Float32Array(subset.length * width);
        subset.forEach((item, r) => raw.set(allTrain.subarray(item * width, (item + 1) * width), r * width));
        // as run-evaluation.ts starts them: Transfer Init balanced for the smoothed loss, with its warm-up and LR scale
        const smoothing = FINETUNE_DEFAULTS.labelSmoothing;
        const starts = {
          random: { head: randomHead(width, CLASSES.length, seed), lr: FINETUNE_DEFAULTS.lr, headWarmupShare: 0 },
          transfer: {
            head: (
              await balanceTransferredHead(transferHead(matches, pretrained, seed).head, raw, train.labels, smoothing)
            ).head,
            lr: FINETUNE_DEFAULTS.lr * FINETUNE_DEFAULTS.transferLrScale,
            headWarmupShare: FINETUNE_DEFAULTS.headWarmupShare,
          },
        };
        const top1 = { random: 0, transfer: 0 };
        for (const init of ['random', 'transfer'] as const) {
          const { head, ...rest } = starts[init];
          const result = await finetune(model.variables, encoder, head, train, { epochs: 3, batch: 8, seed, ...rest });
          try {
            top1[init] = classificationMetrics(
              await result.classify(cache, downstream.test.cacheIndex),
              downstream.test.labels,
              CLASSES,
            ).top1;
          } finally {
            result.dispose();
          }
        }
        results.push({ fraction, seed, ...top1 });
      }
    }
    for (const fraction of [0.02, 0.1]) {
      const runs = results.filter((r) => r.fraction === fraction);
      const mean = (init: 'random' | 'transfer') => runs.reduce((sum, r) => sum + r[init], 0) / runs.length;
      expect(mean('transfer'), JSON.stringify(runs)).toBeGreaterThanOrEqual(mean('random'));
    }
  }, 120_000);
});
