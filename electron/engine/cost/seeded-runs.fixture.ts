/**
 * Test support: pilot runs written straight into a database, with chosen timings, so that cost, compare
 * and export tests need no training. Values are those a test states; nothing here is a measurement.
 */
import type { RunConfig } from '../../shared/training.js';
import { now, type Db } from '../store/database.js';
import { createRun, type RunStatus } from '../training/run-repository.js';

export function seedDataset(db: Db, name = 'pilot-data'): number {
  return Number(
    db
      .prepare(
        `INSERT INTO datasets (name, kind, format, source_path, image_size, cache_file, created_at, updated_at)
      VALUES (?, 'captions', 'jsonl', '/data/captions.jsonl', 64, ?, ?, ?)`,
      )
      .run(name, `cache/${name}.64px.rgb`, now(), now()).lastInsertRowid,
  );
}

/** One image and one training item per caption, in the dataset `seedDataset` made (no image cache). */
export function seedCaptionItems(db: Db, datasetId: number, captions: readonly string[]): void {
  const image = db.prepare(
    'INSERT INTO images (dataset_id, sha256, source, width, height, cache_index) VALUES (?, ?, ?, 64, 64, ?)',
  );
  const item = db.prepare(
    "INSERT INTO items (dataset_id, image_id, caption, split, source) VALUES (?, ?, ?, 'train', 'captions.jsonl')",
  );
  db.transaction(() => {
    captions.forEach((caption, i) => {
      const id = image.run(datasetId, `sha-${i}`, `img/${i}.jpg`, i).lastInsertRowid;
      item.run(datasetId, id, caption);
    });
  })();
}

/** A vocabulary of `synsets` = [offset, NLTK name, count] in class-index order. */
export function seedVocabulary(
  db: Db,
  datasetId: number,
  synsets: [number, string, number][],
  mode: 'paper' | 'corenet' = 'corenet',
): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO vocabularies (dataset_id, mode, min_count, max_size, size, captions, coverage, labels_per_caption, dataset_items, created_at)
      VALUES (?, ?, 2, NULL, ?, 100, 0.9, 2.5, 100, ?)`,
      )
      .run(datasetId, mode, synsets.length, now()).lastInsertRowid,
  );
  const insert = db.prepare(
    'INSERT INTO vocabulary_synsets (vocabulary_id, position, offset, name, count) VALUES (?, ?, ?, ?, ?)',
  );
  synsets.forEach(([offset, name, count], position) => insert.run(id, position, offset, name, count));
  return id;
}

/** Config fields as RunConfig; `backend` / `device` / `notes` are what the trainer recorded (the request is 'auto'). */
export interface SeedRun extends Partial<Omit<RunConfig, 'backend' | 'dataset' | 'device'>> {
  datasetId: number;
  status?: RunStatus;
  stepsDone?: number;
  dataSeconds?: number;
  computeSeconds?: number;
  checkpointSeconds?: number;
  energyKwh?: number | null;
  backend?: string | null;
  device?: string | null;
  notes?: string | null;
}

export function seedRun(db: Db, spec: SeedRun): number {
  const dataset = db.prepare('SELECT name FROM datasets WHERE id = ?').pluck().get(spec.datasetId) as string;
  const objective = spec.objective ?? 'catlip';
  const config: RunConfig = {
    dataset,
    objective,
    model: spec.model ?? 'probe',
    imageSize: spec.imageSize ?? 64,
    patchSize: spec.patchSize ?? 8,
    steps: spec.steps ?? 100,
    batch: spec.batch ?? 64,
    backend: 'auto',
    allowSoftwareAdapter: false,
    seed: spec.seed ?? 0,
    vocabulary: spec.vocabulary ?? null,
    labelMode: spec.labelMode ?? (objective === 'catlip' ? 'corenet' : null),
    lr: spec.lr ?? 1e-3,
    minLr: spec.minLr ?? 1e-5,
    warmupSteps: spec.warmupSteps ?? 10,
    weightDecay: spec.weightDecay ?? 0.2,
    clipNorm: spec.clipNorm ?? 1,
    emaMomentum: spec.emaMomentum ?? null,
    checkpointEvery: spec.checkpointEvery ?? 20,
    tokenizerVocab: spec.tokenizerVocab ?? 2000,
    contextLength: spec.contextLength ?? 32,
    budget: spec.budget ?? null,
    device: null,
    recipe: spec.recipe ?? null,
    view: spec.view ?? null,
  };
  const id = createRun(db, spec.datasetId, config);
  db.prepare(
    `UPDATE runs SET status = ?, steps_done = ?, data_seconds = ?, compute_seconds = ?, checkpoint_seconds = ?, energy_kwh = ?,
      backend = ?, device = ?, backend_notes = ? WHERE id = ?`,
  ).run(
    spec.status ?? 'completed',
    spec.stepsDone ?? config.steps,
    spec.dataSeconds ?? 0,
    spec.computeSeconds ?? 0,
    spec.checkpointSeconds ?? 0,
    spec.energyKwh ?? null,
    spec.backend === undefined ? 'tensorflow' : spec.backend,
    spec.device === undefined ? 'TensorFlow (CUDA, tfjs-node-gpu)' : spec.device,
    spec.notes ?? null,
    id,
  );
  return id;
}
