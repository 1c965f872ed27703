import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBatchAugmenter, defaultWorkerPath, type AugmentJob } from './batch-augmenter.js';
import { SMALL_IMAGE_CROP } from './model/augment.js';
import { Rng } from './model/rng.js';

/** The compiled worker (npm test builds the engine before Vitest runs). */
const compiledWorker = path.resolve(import.meta.dirname, '../../../dist/electron/engine/training/augment-worker.js');

function job(seed: number, batch: number, side: number): AugmentJob {
  const rng = new Rng(seed);
  const records = Array.from({ length: batch }, () =>
    Uint8Array.from({ length: side * side * 3 }, () => Math.floor(rng.next() * 256)),
  );
  return { records, rng: new Rng(seed + 1).getState(), options: { size: 32, crop: SMALL_IMAGE_CROP } };
}

describe('batch augmenter', () => {
  it('runs in-thread where no compiled worker sits beside the module (the sources under Vitest)', async () => {
    expect(defaultWorkerPath()).toBeUndefined();
    const augmenter = createBatchAugmenter();
    expect(augmenter.inWorker).toBe(false);
    await augmenter.close();
  });

  it('the worker thread gives the bytes and the RNG state of augmenting in-thread, batch after batch', async () => {
    if (!existsSync(compiledWorker))
      throw new Error(`${compiledWorker} is missing: run \`npm run build:engine\` first`);
    const worker = createBatchAugmenter(compiledWorker);
    const inThread = createBatchAugmenter(undefined);
    expect(worker.inWorker).toBe(true);
    try {
      let state = job(7, 6, 40).rng;
      for (let b = 0; b < 3; b++) {
        const j = { ...job(b, 6, 40), rng: state };
        const [a, w] = await Promise.all([inThread.augment(j), worker.augment(j)]);
        expect(w.rng).toEqual(a.rng);
        expect(w.rng).not.toEqual(state);
        expect(Buffer.from(w.images.buffer).equals(Buffer.from(a.images.buffer))).toBe(true);
        expect(w.images.length).toBe(6 * 32 * 32 * 3);
        state = a.rng;
      }
      // several jobs in flight resolve to their own results
      const jobs = [job(11, 2, 36), job(12, 3, 36), job(13, 1, 36)];
      const results = await Promise.all(jobs.map((j) => worker.augment(j)));
      results.forEach((r, i) => expect(r.images.length).toBe(jobs[i].records.length * 32 * 32 * 3));
      // a bad job fails that job only, with the reason
      await expect(worker.augment({ ...job(1, 1, 36), rng: [0, 0, 0, 0] })).rejects.toThrow(
        /augmentation worker: Rng state must not be all zero/,
      );
      expect((await worker.augment(job(2, 1, 36))).images.length).toBe(32 * 32 * 3);
    } finally {
      await worker.close();
      await inThread.close();
    }
  });
});
