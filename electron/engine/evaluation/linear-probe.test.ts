import * as tf from '../tfjs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../training/model/rng.js';
import {
  fitLinearProbe,
  fitStandardisation,
  headOnStandardised,
  linearScores,
  PROBE_DEFAULTS,
  standardise,
  trainLinearProbe,
} from './linear-probe.js';
import { classificationMetrics } from './metrics.js';
import { randomHead, type LinearHead } from './transfer-init.js';

const WIDTH = 16;
const CLASSES = 4;
/** Per-dimension scale and offset, orders of magnitude apart, as pooled ViT features are. */
const scale = Array.from({ length: WIDTH }, (_, d) => 10 ** ((d % 4) - 2));
const offset = Array.from({ length: WIDTH }, (_, d) => 5 * Math.sin(d));
const rng = new Rng(11);
const centres = Array.from({ length: CLASSES }, () =>
  Array.from({ length: WIDTH }, () => (rng.next() < 0.5 ? -1.5 : 1.5)),
);

/** Gaussian clusters (unit noise around ±1.5 centres), then scaled and shifted per dimension. */
function sample(n: number, seed: number): { x: Float32Array; y: Int32Array } {
  const r = new Rng(seed);
  const x = new Float32Array(n * WIDTH);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % CLASSES;
    for (let d = 0; d < WIDTH; d++) x[i * WIDTH + d] = (centres[y[i]][d] + r.normal()) * scale[d] + offset[d];
  }
  return { x, y };
}

const train = sample(200, 1);
const test = sample(200, 2);
const names = ['a', 'b', 'c', 'd'];
const options = {
  maxIterations: PROBE_DEFAULTS.maxIterations,
  gradientTolerance: PROBE_DEFAULTS.gradientTolerance,
  seed: 3,
};

async function accuracy(
  head: LinearHead,
  raw: Float32Array,
  labels: Int32Array,
  s = fitStandardisation(train.x, WIDTH),
): Promise<number> {
  return classificationMetrics(await linearScores(standardise(raw, s), head), labels, names).top1;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('linear probe', () => {
  it('standardises with the train statistics', () => {
    const s = fitStandardisation(train.x, WIDTH);
    const z = standardise(train.x, s);
    for (const d of [0, 5, 15]) {
      let sum = 0;
      let sq = 0;
      for (let i = 0; i < 200; i++) {
        sum += z[i * WIDTH + d];
        sq += z[i * WIDTH + d] ** 2;
      }
      expect(sum / 200).toBeCloseTo(0, 4);
      expect(sq / 200).toBeCloseTo(1, 3);
    }
  });

  it('converges to ≥ 0.9 test accuracy from a random head, choosing the L2 strength on a validation split, deterministically', async () => {
    const s = fitStandardisation(train.x, WIDTH);
    const init = randomHead(WIDTH, CLASSES, 3);
    expect(await accuracy(init, test.x, test.y)).toBeLessThan(0.6);
    const phases: number[] = [];
    const { head, report } = await trainLinearProbe(standardise(train.x, s), train.y, init, {
      ...options,
      onProgress: (done) => phases.push(done),
    });
    expect(await accuracy(head, test.x, test.y)).toBeGreaterThanOrEqual(0.9);
    expect(report).toMatchObject({ converged: true, l2_chosen_by: 'validation', validation_items: 40 });
    expect(report.gradient_max).toBeLessThanOrEqual(PROBE_DEFAULTS.gradientTolerance * report.l2);
    expect(report.search.map((t) => t.l2).slice(0, 7)).toEqual(PROBE_DEFAULTS.l2Grid);
    expect(report.search.map((t) => t.l2)).toContain(report.l2);
    expect(phases).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    const again = await trainLinearProbe(standardise(train.x, s), train.y, init, options);
    expect(again.head.kernel).toEqual(head.kernel);
  });

  it('falls back to a middle strength when no class has two items to hold out', async () => {
    const one = Int32Array.from([0, 1, 2, 3]);
    const { report } = await trainLinearProbe(
      standardise(train.x, fitStandardisation(train.x, WIDTH)).subarray(0, 4 * WIDTH),
      one,
      randomHead(WIDTH, CLASSES, 3),
      options,
    );
    expect(report).toMatchObject({
      l2: PROBE_DEFAULTS.fallbackL2,
      l2_chosen_by: 'fallback (no class has two items to split)',
      validation_items: 0,
      search: [],
      converged: true,
    });
  });

  it('rewrites a raw-feature head to give identical logits on standardised features', async () => {
    const s = fitStandardisation(train.x, WIDTH);
    const raw = randomHead(WIDTH, CLASSES, 9);
    raw.bias.set([0.5, -1, 2, 0]);
    const onRaw = await linearScores(test.x, raw);
    const onStandardised = await linearScores(standardise(test.x, s), headOnStandardised(raw, s));
    onRaw.forEach((v, i) => expect(onStandardised[i]).toBeCloseTo(v, 3));
  });

  it('ends at the same classifier from a random head and from a good one (Transfer Init cannot matter once converged)', async () => {
    // diagonal-covariance LDA on raw features: w_c[d] = m_c[d] / v[d], b_c = -Σ m_c[d]² / (2 v[d])
    const good: LinearHead = {
      width: WIDTH,
      classes: CLASSES,
      kernel: new Float32Array(WIDTH * CLASSES),
      bias: new Float32Array(CLASSES),
    };
    for (let c = 0; c < CLASSES; c++) {
      for (let d = 0; d < WIDTH; d++) {
        const mean = centres[c][d] * scale[d] + offset[d];
        const variance = scale[d] ** 2;
        good.kernel[d * CLASSES + c] = mean / variance;
        good.bias[c] -= (mean * mean) / (2 * variance);
      }
    }
    const s = fitStandardisation(train.x, WIDTH);
    // a few training items, where a fixed step budget made the start point decide
    const x = standardise(train.x, s).subarray(0, 12 * WIDTH);
    const y = train.y.subarray(0, 12);
    const fromGood = await trainLinearProbe(x, y, headOnStandardised(good, s), options);
    const fromRandom = await trainLinearProbe(x, y, randomHead(WIDTH, CLASSES, 3), options);
    expect(fromGood.report.converged && fromRandom.report.converged).toBe(true);
    expect(fromGood.report.l2).toBe(fromRandom.report.l2);
    expect(await accuracy(fromGood.head, test.x, test.y)).toBe(await accuracy(fromRandom.head, test.x, test.y));
    fromGood.head.kernel.forEach((w, k) => expect(w).toBeCloseTo(fromRandom.head.kernel[k], 3));
  });

  it('reports a fit stopped by its iteration cap as not converged', async () => {
    const s = fitStandardisation(train.x, WIDTH);
    const fit = await fitLinearProbe(standardise(train.x, s), train.y, randomHead(WIDTH, CLASSES, 3), 1e-3, {
      maxIterations: 2,
      gradientTolerance: 1e-4,
    });
    expect(fit).toMatchObject({ converged: false, iterations: 2 });
    expect(fit.gradientMax).toBeGreaterThan(1e-7);
  });
});
