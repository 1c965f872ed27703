import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { featureCacheFile, readFeatureCache, rowsOf, writeFeatureCache, type FeatureKey } from './feature-cache.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-features-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const key: FeatureKey = {
  run: 3,
  checkpointStep: 40,
  weights: 'ema',
  datasetId: 2,
  imageSize: 32,
  preprocessing: 'p1',
};
const cacheIndex = Int32Array.from([2, 5, 9]);
const values = Float32Array.from([1, 2, 3, 4, 5, 6]);

describe('feature cache', () => {
  const file = featureCacheFile(home, key);
  writeFeatureCache(file, key, { cacheIndex, width: 2, values });

  it('reads back what was written, under <home>/features/', () => {
    expect(path.relative(home, file)).toBe(path.join('features', 'run-3-step-40-ema-dataset-2.f32'));
    const read = readFeatureCache(file, key, cacheIndex)!;
    expect(read.width).toBe(2);
    expect(Array.from(read.values)).toEqual(Array.from(values));
    expect(Array.from(rowsOf(read, [9, 2]))).toEqual([5, 6, 1, 2]);
    expect(() => rowsOf(read, [4])).toThrow(/record 4/);
  });

  it('is not used for another key, another image list, or a damaged file', () => {
    expect(readFeatureCache(file, { ...key, checkpointStep: 41 }, cacheIndex)).toBeUndefined();
    expect(readFeatureCache(file, { ...key, preprocessing: 'p2' }, cacheIndex)).toBeUndefined();
    expect(readFeatureCache(file, key, Int32Array.from([2, 5, 10]))).toBeUndefined();
    expect(readFeatureCache(file, key, Int32Array.from([2, 5]))).toBeUndefined();
    const damaged = path.join(home, 'damaged.f32');
    writeFileSync(damaged, readFileSync(file).subarray(0, -4));
    expect(readFeatureCache(damaged, key, cacheIndex)).toBeUndefined();
    expect(readFeatureCache(path.join(home, 'missing.f32'), key, cacheIndex)).toBeUndefined();
  });
});
