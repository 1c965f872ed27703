import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../api/engine.js';
import { defaultMinCount, thresholdMinCount, thresholdOf } from './vocabulary.js';
import { fixture, sharedDataDir } from '../../../test/fixtures/fixture-paths.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-vocab-'));
const COCO = path.join(sharedDataDir, 'coco-mini');
let engine: Engine;
beforeAll(async () => {
  engine = new Engine(home);
  await engine.invoke('datasets:import', { path: COCO, name: 'coco', imageSize: 16 });
});
afterAll(() => {
  engine.close();
  rmSync(home, { recursive: true, force: true });
});

describe('vocabulary', () => {
  it('keeps the paper relative threshold by default, never below 2', () => {
    expect(defaultMinCount(400)).toBe(2);
    expect(defaultMinCount(3_300_000)).toBe(500);
    expect(defaultMinCount(1_000_000)).toBe(152);
  });

  it("offers DataComp's V_tau = 500 per 1.3B captions as the alternative, and says which threshold a vocabulary uses", async () => {
    expect(thresholdMinCount('datacomp', 1_300_000_000)).toBe(500);
    expect(thresholdMinCount('datacomp', 13_000_000)).toBe(5);
    expect(thresholdMinCount('cc3m', 13_000_000)).toBe(1970);
    expect(thresholdOf(1970, 13_000_000)).toBe('cc3m');
    expect(thresholdOf(5, 13_000_000)).toBe('datacomp');
    expect(thresholdOf(7, 13_000_000)).toBeNull();
    const preview = await engine.invoke('vocab:preview', { dataset: 'coco' });
    expect(preview).toMatchObject({ default_min_count: 2, datacomp_min_count: 2 });
    expect((await engine.invoke('vocab:build', { dataset: 'coco', threshold: 'datacomp', top: 0 })).min_count).toBe(2);
    expect((await engine.invoke('vocab:build', { dataset: 'coco', top: 0 })).threshold).toBe('cc3m');
    expect((await engine.invoke('vocab:build', { dataset: 'coco', minCount: 4, top: 0 })).threshold).toBeNull();
  });

  it('preview curve agrees with stored vocabularies at every threshold it was built for', async () => {
    const curve = await engine.invoke('vocab:preview', { dataset: 'coco' });
    expect(curve.captions).toBe(400);
    expect(curve.points[0].min_count).toBe(1);
    for (const k of [1, 2, 5, 10]) {
      const built = await engine.invoke('vocab:build', { dataset: 'coco', minCount: k, top: 0 });
      const point = curve.points.filter((p) => p.min_count <= k).at(-1)!;
      // the curve lists the distinct counts; between two of them nothing changes
      expect({ size: point.size, coverage: point.coverage, lpc: point.labels_per_caption }).toEqual({
        size: built.size,
        coverage: built.coverage,
        lpc: expect.closeTo(built.labels_per_caption, 10),
      });
    }
    const sizes = curve.points.map((p) => p.size);
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes); // larger threshold, smaller vocabulary
  });

  it('reuses an identical vocabulary and refuses labelled datasets', async () => {
    const a = await engine.invoke('vocab:build', { dataset: 'coco', minCount: 3 });
    const b = await engine.invoke('vocab:build', { dataset: 'coco', minCount: 3 });
    expect(b.vocabulary).toBe(a.vocabulary);
    const folder = fixture('imagefolder');
    await engine.invoke('datasets:import', { path: folder, name: 'pets', imageSize: 16 });
    await expect(engine.invoke('vocab:build', { dataset: 'pets' })).rejects.toMatchObject({ code: 'unsupported' });
  });
});
