/** The augmentation worker thread (batch-augmenter.ts): one batch per message, the images transferred back. */
import { parentPort } from 'node:worker_threads';
import { runAugmentJob, type AugmentJob } from './batch-augmenter.js';

parentPort?.on('message', ({ id, job }: { id: number; job: AugmentJob }) => {
  try {
    const result = runAugmentJob(job);
    parentPort!.postMessage({ id, result }, [result.images.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
