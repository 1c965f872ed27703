/**
 * Test support: a finished CatLIP/CLIP (and optionally SuperClass) pilot in a database — runs, metrics per
 * step and transfer evaluations — with chosen values, no training. Built on cost/seeded-runs.fixture.ts's seeders.
 */
import { insertEvaluation } from '../evaluation/evaluation-repository.js';
import { seedDataset, seedRun, seedVocabulary, type SeedRun } from '../cost/seeded-runs.fixture.js';
import type { Db } from '../store/database.js';
import { recordProgress } from '../training/run-repository.js';

export interface SeededPilot {
  catlip: number;
  clip: number;
  superclass: number | null;
  dataset: number;
  /** [CatLIP, CLIP] of each further seed (options.seeds). */
  repeats: [number, number][];
}

/**
 * 100 steps × batch 64 = 6,400 images per run. CatLIP: 6 s data + 32 s compute + 2 s checkpoint = 40 s
 * wall (160 img/s); CLIP: 6 + 90 + 4 = 100 s (64 img/s), so CatLIP is 2.5× faster per image.
 */
export function seedPilot(
  db: Db,
  options: {
    superclass?: boolean;
    datasetName?: string;
    evaluations?: boolean;
    device?: string;
    clipDevice?: string;
    seeds?: number;
  } = {},
): SeededPilot {
  const dataset = seedDataset(db, options.datasetName ?? 'coco-mini');
  const vocabulary = seedVocabulary(db, dataset, [
    [2084071, 'dog.n.01', 40],
    [2121808, 'cat.n.01', 30],
    [2958343, 'car.n.01', 20],
  ]);
  const device = options.device ?? 'nvidia: NVIDIA RTX 4090';
  const run = (spec: Omit<SeedRun, 'datasetId'>, lossStart: number) => {
    const id = seedRun(db, { datasetId: dataset, backend: 'webgpu', device, ...spec });
    const metrics = Array.from({ length: 100 }, (_, i) => ({
      step: i + 1,
      loss: lossStart * Math.exp(-i / 40) + 0.1,
      lr: 1e-3,
      images_per_second:
        ((64 * 100) / ((spec.dataSeconds ?? 0) + (spec.computeSeconds ?? 0))) * (1 + 0.05 * Math.sin(i)),
      data_ms: ((spec.dataSeconds ?? 0) / 100) * 1000,
      compute_ms: ((spec.computeSeconds ?? 0) / 100) * 1000,
      memory_mb: 900 + i,
    }));
    recordProgress(db, id, metrics, {
      dataSeconds: spec.dataSeconds ?? 0,
      computeSeconds: spec.computeSeconds ?? 0,
      checkpointSeconds: spec.checkpointSeconds ?? 0,
    });
    return id;
  };
  const catlip = run(
    { objective: 'catlip', vocabulary, dataSeconds: 6, computeSeconds: 32, checkpointSeconds: 2, energyKwh: 0.0064 },
    0.7,
  );
  const clip = run(
    {
      objective: 'clip',
      ...(options.clipDevice ? { device: options.clipDevice } : {}),
      dataSeconds: 6,
      computeSeconds: 90,
      checkpointSeconds: 4,
      energyKwh: 0.016,
    },
    4.2,
  );
  const superclass = options.superclass
    ? run({ objective: 'superclass', dataSeconds: 6, computeSeconds: 34, checkpointSeconds: 2, energyKwh: 0.007 }, 1.1)
    : null;
  if (options.evaluations !== false) {
    const evaluation = (
      runId: number,
      method: 'linear-probe' | 'zero-shot',
      init: 'random' | 'transfer' | 'none',
      fraction: number,
      top1: number,
    ) =>
      insertEvaluation(db, {
        run: runId,
        datasetId: dataset,
        method,
        init,
        fraction,
        seed: 0,
        settings: { train_items: 40, test_items: 20, backend: 'cpu' },
        top1,
        top5: null,
        perClass: {},
        classes: [],
        confusion: [],
        unmatchedClasses: [],
        seconds: 1,
      });
    evaluation(catlip, 'linear-probe', 'random', 1, 0.82);
    evaluation(clip, 'linear-probe', 'random', 1, 0.785);
    evaluation(catlip, 'linear-probe', 'random', 0.1, 0.6);
    evaluation(clip, 'linear-probe', 'random', 0.1, 0.62);
    evaluation(catlip, 'linear-probe', 'transfer', 0.1, 0.71);
    if (superclass) evaluation(superclass, 'linear-probe', 'random', 1, 0.8);
  }
  // further seeds: CLIP's compute time 80 s, 100 s, … (speed-ups 2.25×, 2.75×, …), accuracies as seed 0's ± 1 point
  const repeats = Array.from({ length: Math.max(0, (options.seeds ?? 1) - 1) }, (_, k): [number, number] => {
    const seed = k + 1;
    const pair: [number, number] = [
      run({ objective: 'catlip', seed, vocabulary, dataSeconds: 6, computeSeconds: 32, checkpointSeconds: 2 }, 0.7),
      run(
        {
          objective: 'clip',
          seed,
          dataSeconds: 6,
          computeSeconds: seed % 2 ? 80 : 100 + 10 * seed,
          checkpointSeconds: 4,
        },
        4.2,
      ),
    ];
    if (options.evaluations !== false) {
      for (const [id, top1] of [
        [pair[0], 0.82 + (seed % 2 ? 0.01 : -0.01)],
        [pair[1], 0.785],
      ]) {
        insertEvaluation(db, {
          run: id,
          datasetId: dataset,
          method: 'linear-probe',
          init: 'random',
          fraction: 1,
          seed: 0,
          settings: { train_items: 40, test_items: 20, backend: 'cpu' },
          top1,
          top5: null,
          perClass: {},
          classes: [],
          confusion: [],
          unmatchedClasses: [],
          seconds: 1,
        });
      }
    }
    return pair;
  });
  return { catlip, clip, superclass, dataset, repeats };
}
