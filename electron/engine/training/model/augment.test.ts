import * as tf from '../../tfjs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  augmentBatch,
  augmentBatchArray,
  evalBatch,
  evalBatchArray,
  IMAGENET_CROP,
  IMAGENET_NORMALIZATION,
  recordSide,
  sampleCrop,
  SMALL_IMAGE_CROP,
} from './augment.js';
import { Rng } from './rng.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const IDENTITY = {
  mean: [0, 0, 0] as [number, number, number],
  std: [1 / 255, 1 / 255, 1 / 255] as [number, number, number],
};

function randomRecord(side: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  return Uint8Array.from({ length: side * side * 3 }, () => rng.int(256));
}

/** Each source pixel repeated into a 2x2 block: a 2x upscale with exact block values. */
function upscale2x(record: Uint8Array, side: number): Uint8Array {
  const out = new Uint8Array(4 * record.length);
  for (let y = 0; y < 2 * side; y++)
    for (let x = 0; x < 2 * side; x++)
      for (let c = 0; c < 3; c++) out[(y * 2 * side + x) * 3 + c] = record[((y >> 1) * side + (x >> 1)) * 3 + c];
  return out;
}

describe('eval batches', () => {
  it('normalise with the ImageNet statistics when no resize is needed', () => {
    const record = randomRecord(8, 1);
    const out = evalBatchArray([record], { size: 8 });
    out.forEach((v, i) => {
      const c = i % 3;
      expect(v).toBeCloseTo((record[i] / 255 - IMAGENET_NORMALIZATION.mean[c]) / IMAGENET_NORMALIZATION.std[c], 5);
    });
  });

  it('resize the whole image bilinearly with half-pixel centres (a 2x block image comes back exactly)', () => {
    const small = randomRecord(6, 2);
    const out = evalBatchArray([upscale2x(small, 6)], { size: 6, normalization: IDENTITY });
    out.forEach((v, i) => expect(v).toBeCloseTo(small[i], 3));
    expect(recordSide(upscale2x(small, 6))).toBe(12);
  });

  it('is deterministic and returns a [B, S, S, 3] tensor', () => {
    const records = [randomRecord(12, 3), randomRecord(12, 4)];
    const t = evalBatch(records, { size: 8 });
    expect(t.shape).toEqual([2, 8, 8, 3]);
    expect(Array.from(t.dataSync())).toEqual(Array.from(evalBatchArray(records, { size: 8 })));
    t.dispose();
  });

  it('refuses a record that is not a square RGB image', () => {
    expect(() => evalBatchArray([new Uint8Array(10)], { size: 4 })).toThrow(/square RGB/);
  });
});

describe('training batches', () => {
  it('samples crops inside the image with area and aspect ratio in range', () => {
    const rng = new Rng(5);
    for (let i = 0; i < 500; i++) {
      const c = sampleCrop(64, rng, IMAGENET_CROP);
      expect(c.top).toBeGreaterThanOrEqual(0);
      expect(c.left).toBeGreaterThanOrEqual(0);
      expect(c.top + c.height).toBeLessThanOrEqual(64);
      expect(c.left + c.width).toBeLessThanOrEqual(64);
      const area = (c.width * c.height) / 64 ** 2;
      expect(area).toBeGreaterThan(0.06); // 0.08 up to rounding of the sides
      expect(c.width / c.height).toBeGreaterThan(0.6);
      expect(c.width / c.height).toBeLessThan(1.6);
    }
    const mild = new Rng(6);
    const areas = Array.from({ length: 300 }, () => sampleCrop(32, mild, SMALL_IMAGE_CROP)).map(
      (c) => (c.width * c.height) / 32 ** 2,
    );
    expect(Math.min(...areas)).toBeGreaterThan(0.3);
  });

  it('a full-image crop with flip probability 1 is the mirrored eval image', () => {
    const record = randomRecord(16, 7);
    const full = { scale: [1, 1] as [number, number], ratio: [1, 1] as [number, number] };
    const flipped = augmentBatchArray([record], new Rng(1), { size: 8, crop: full, flipProbability: 1 });
    const plain = evalBatchArray([record], { size: 8 });
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 8; x++)
        for (let c = 0; c < 3; c++)
          expect(flipped[(y * 8 + x) * 3 + c]).toBeCloseTo(plain[(y * 8 + (7 - x)) * 3 + c], 6);
    const unflipped = augmentBatchArray([record], new Rng(1), { size: 8, crop: full, flipProbability: 0 });
    expect(Array.from(unflipped)).toEqual(Array.from(plain));
  });

  it('is reproducible from the RNG state, and differs from draw to draw', () => {
    const records = Array.from({ length: 4 }, (_, i) => randomRecord(64, 10 + i));
    const rng = new Rng(11);
    const first = augmentBatchArray(records, rng, { size: 32 });
    const saved = rng.getState();
    const second = augmentBatchArray(records, rng, { size: 32 });
    expect(Array.from(second)).not.toEqual(Array.from(first));
    const resumed = new Rng(0);
    resumed.setState(saved);
    expect(Array.from(augmentBatchArray(records, resumed, { size: 32 }))).toEqual(Array.from(second));
    const t = augmentBatch(records, resumed, { size: 32 });
    expect(t.shape).toEqual([4, 32, 32, 3]);
    t.dispose();
  });
});
