import { describe, expect, it } from 'vitest';
import type { ClassMatch } from './class-synsets.js';
import { classificationMetrics } from './metrics.js';
import {
  applyCalibration,
  calibrationSample,
  fitCalibration,
  reachableShare,
  zeroShotWarnings,
} from './zero-shot-calibration.js';

const match = (className: string, positions: number[], synsets: string[] = []): ClassMatch => ({
  className,
  positions,
  how: positions.length ? 'exact' : 'none',
  words: positions.length
    ? positions.map((p, i) => ({
        word: className,
        how: 'exact',
        synset: synsets[i] ?? `s${p}`,
        position: p,
        similarity: 1,
      }))
    : [{ word: className, how: 'none' }],
});

describe('zero-shot calibration on unlabelled images', () => {
  it('removes a score offset shared by every image, so a frequent synset no longer wins them all', () => {
    // class 0 ("dog") sits 5 above class 1 on every image; each image's evidence is ±1 around that
    const evidence = [
      [1, -1],
      [-1, 1],
      [1, -1],
      [-1, 1],
    ];
    const scores = Float32Array.from(evidence.flatMap(([a, b]) => [5 + a, b]));
    const labels = Int32Array.from([0, 1, 0, 1]);
    expect(classificationMetrics(scores, labels, ['dog', 'cat']).top1).toBe(0.5);
    const calibrated = applyCalibration(scores, fitCalibration(scores, 2));
    expect(classificationMetrics(calibrated, labels, ['dog', 'cat']).top1).toBe(1);
  });

  it('equalises the scale of classes whose scores vary on different scales', () => {
    const scores = Float32Array.from([10, 0.1, -10, 0.2, 10, 0.3, -10, 0.4]);
    const fitted = fitCalibration(scores, 2);
    expect(fitted.mean[0]).toBeCloseTo(0);
    expect(fitted.std[0]).toBeCloseTo(10);
    expect(fitted.mean[1]).toBeCloseTo(0.25);
    const calibrated = applyCalibration(scores, fitted);
    expect(Math.max(...[1, 3, 5, 7].map((i) => Math.abs(calibrated[i])))).toBeGreaterThan(1);
  });

  it('keeps a class without a synset at -Infinity, never predicted', () => {
    const scores = Float32Array.from([1, Number.NEGATIVE_INFINITY, 2, Number.NEGATIVE_INFINITY]);
    const calibrated = applyCalibration(scores, fitCalibration(scores, 2));
    expect(calibrated[1]).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isFinite(calibrated[0])).toBe(true);
  });

  it('samples at most the limit, seeded, and everything below it', () => {
    expect([...calibrationSample(5, 0, 10)]).toEqual([0, 1, 2, 3, 4]);
    const a = calibrationSample(1000, 3, 100);
    expect(a).toHaveLength(100);
    expect(new Set(a).size).toBe(100);
    expect([...a]).toEqual([...calibrationSample(1000, 3, 100)]);
    expect([...a]).not.toEqual([...calibrationSample(1000, 4, 100)]);
  });
});

describe('zero-shot warnings', () => {
  it('names classes without a synset and classes that share one, and the top-1 the mapping allows', () => {
    const matches = [
      match('daisy', [3], ['flower.n.01']),
      match('tulip', [3], ['flower.n.01']),
      match('rose', [7]),
      match('orchid', []),
    ];
    expect(zeroShotWarnings(matches)).toEqual([
      { kind: 'no-synset', classes: ['orchid'] },
      { kind: 'shared-synset', classes: ['daisy', 'tulip'], synsets: ['flower.n.01'] },
    ]);
    // one test item per class: daisy and rose can be right, tulip (ties lose to daisy) and orchid cannot
    expect(reachableShare(matches, [0, 1, 2, 3])).toBe(0.5);
  });

  it('names a class scored only by a synset near it but not above it in WordNet', () => {
    const banana: ClassMatch = {
      className: 'dandelion',
      positions: [4],
      how: 'similarity',
      words: [
        {
          word: 'dandelion',
          how: 'similarity',
          synset: 'banana.n.01',
          position: 4,
          similarity: 1 / 3,
          relation: 'related',
        },
      ],
    };
    const flower: ClassMatch = {
      className: 'daisy',
      positions: [3],
      how: 'similarity',
      words: [
        { word: 'daisy', how: 'similarity', synset: 'flower.n.01', position: 3, similarity: 0.5, relation: 'hypernym' },
      ],
    };
    expect(zeroShotWarnings([flower, banana])).toEqual([
      { kind: 'related-synset', classes: ['dandelion'], synsets: ['banana.n.01'] },
    ]);
  });

  it('says nothing when every class has its own synsets', () => {
    const matches = [match('dog', [0]), match('cat', [1]), match('pets', [0, 1])];
    expect(zeroShotWarnings(matches)).toEqual([]);
    expect(reachableShare(matches, [0, 1, 2])).toBe(1);
  });
});
