import type { Db } from '../store/database.js';
import { getRun, runConfig, runLoss, type RunRow } from './run-repository.js';

export interface RunSummary {
  run: number;
  dataset: string;
  objective: string;
  model: string;
  status: RunRow['status'];
  steps: number;
  steps_total: number;
  final_loss: number | null;
  first_loss: number | null;
  /** Training throughput over the whole run: images / (data + compute seconds). */
  images_per_second: number | null;
  step_ms: { data: number | null; compute: number | null };
  checkpoint_seconds: number;
  backend: string | null;
  device: string | null;
  backend_notes: string[];
  error: string | null;
}

export function runSummary(db: Db, id: number): RunSummary {
  const row = getRun(db, id);
  const config = runConfig(row);
  const seconds = row.data_seconds + row.compute_seconds;
  const perStep = (s: number) => (row.steps_done ? (s / row.steps_done) * 1000 : null);
  return {
    run: row.id,
    dataset: config.dataset,
    objective: row.objective,
    model: row.model,
    status: row.status,
    steps: row.steps_done,
    steps_total: row.steps_total,
    final_loss: runLoss(db, id, 'last'),
    first_loss: runLoss(db, id, 'first'),
    images_per_second: seconds > 0 ? (row.steps_done * config.batch) / seconds : null,
    step_ms: { data: perStep(row.data_seconds), compute: perStep(row.compute_seconds) },
    checkpoint_seconds: row.checkpoint_seconds,
    backend: row.backend,
    device: row.device,
    backend_notes: row.backend_notes ? row.backend_notes.split('\n') : [],
    error: row.error,
  };
}
