import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { augmentBatchArray, type AugmentOptions } from './model/augment.js';
import { Rng, type RngState } from './model/rng.js';

/**
 * Random-resized-crop + flip of a training batch, off the trainer's main thread.
 *
 * On a GPU the trainer's one JavaScript thread both records each step's few hundred dispatches and prepares
 * the next batch; measured on an H200 (probe config, 2026-12-04) the two add up (~96 + ~45 ms a step) instead
 * of overlapping, so the step is host-bound and CatLIP and CLIP ran at nearly the same speed. A worker thread
 * takes the augmentation, the heaviest part of the preparation, so it overlaps with the recording.
 *
 * The result is bit-identical to augmenting in the thread: the same function on the same records, with the
 * augmentation RNG's state passed in and its state after the batch passed back (checkpoints and resume stay
 * exact). Where the compiled worker is not there (the engine's sources run by Vitest), it runs in-thread.
 */
export interface AugmentJob {
  records: Uint8Array[];
  rng: RngState;
  options: AugmentOptions;
}
export interface AugmentResult {
  images: Float32Array;
  /** The RNG's state after this batch: the next batch starts from it. */
  rng: RngState;
}

export interface BatchAugmenter {
  readonly inWorker: boolean;
  augment(job: AugmentJob): Promise<AugmentResult>;
  close(): Promise<void>;
}

/** One batch, in whichever thread calls it. */
export function runAugmentJob(job: AugmentJob): AugmentResult {
  const rng = new Rng(1);
  rng.setState(job.rng);
  const images = augmentBatchArray(job.records, rng, job.options);
  return { images, rng: rng.getState() };
}

/** The compiled worker beside this module (dist/, or the GPU check's bundle); undefined when running from sources. */
export function defaultWorkerPath(): string | undefined {
  const file = fileURLToPath(new URL('./augment-worker.js', import.meta.url));
  return existsSync(file) ? file : undefined;
}

export function createBatchAugmenter(workerPath: string | undefined = defaultWorkerPath()): BatchAugmenter {
  const inThread: BatchAugmenter = {
    inWorker: false,
    augment: async (job) => runAugmentJob(job),
    close: async () => {},
  };
  if (!workerPath) return inThread;
  let worker: Worker;
  try {
    worker = new Worker(workerPath);
  } catch {
    return inThread; // e.g. a runtime that cannot start worker threads: same results, only slower on a GPU
  }
  let nextId = 0;
  const waiting = new Map<number, { resolve(r: AugmentResult): void; reject(e: Error): void }>();
  const failAll = (e: Error) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (m: { id: number; result?: AugmentResult; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.result) w?.resolve(m.result);
    else w?.reject(new Error(`augmentation worker: ${m.error}`));
  });
  worker.on('error', (e) => failAll(new Error(`augmentation worker failed: ${e.message}`)));
  worker.on('exit', (code) => failAll(new Error(`augmentation worker exited (code ${code})`)));
  return {
    inWorker: true,
    augment: (job) =>
      new Promise<AugmentResult>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, job });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
