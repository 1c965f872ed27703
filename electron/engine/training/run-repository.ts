import { RunConfigSchema, type RunConfig } from '../../shared/training.js';
import { noteError } from '../../shared/errors.js';
import type { RunStatus } from '../../shared/run-status.js';
import { now, type Db } from '../store/database.js';

export type { RunStatus };

export interface RunRow {
  id: number;
  dataset_id: number;
  vocabulary_id: number | null;
  objective: RunConfig['objective'];
  model: string;
  config_json: string;
  status: RunStatus;
  backend: string | null;
  device: string | null;
  backend_notes: string | null;
  seed: number;
  steps_total: number;
  steps_done: number;
  data_seconds: number;
  compute_seconds: number;
  checkpoint_seconds: number;
  energy_kwh: number | null;
  error: string | null;
  pid: number | null;
  heartbeat_at: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface MetricRow {
  step: number;
  loss: number;
  lr: number;
  images_per_second: number | null;
  data_ms: number | null;
  compute_ms: number | null;
  memory_mb: number | null;
}

export function createRun(db: Db, datasetId: number, config: RunConfig): number {
  return Number(
    db
      .prepare(
        `INSERT INTO runs (dataset_id, vocabulary_id, objective, model, config_json, status, seed, steps_total, created_at)
      VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
      )
      .run(
        datasetId,
        config.vocabulary,
        config.objective,
        config.model,
        JSON.stringify(config),
        config.seed,
        config.steps,
        now(),
      ).lastInsertRowid,
  );
}

export function getRun(db: Db, id: number): RunRow {
  const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  if (!row) throw noteError('not-found', 'run.notFound', { id });
  return row;
}

export function runConfig(row: RunRow): RunConfig {
  return RunConfigSchema.parse(JSON.parse(row.config_json));
}

/** Stores a run's re-planned config (a minutes budget fixed into steps) and its new step total. */
export function updateRunPlan(db: Db, id: number, config: RunConfig): void {
  db.prepare('UPDATE runs SET config_json = ?, steps_total = ? WHERE id = ?').run(
    JSON.stringify(config),
    config.steps,
    id,
  );
}

export function listRuns(db: Db): RunRow[] {
  markInterruptedRuns(db);
  return db.prepare('SELECT * FROM runs ORDER BY id').all() as RunRow[];
}

/** True if a process with this pid exists (signal 0 checks without signalling). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs left 'running' or 'paused' by a trainer process that no longer exists (killed, crashed, machine
 * restarted) become 'interrupted': resumable from their last checkpoint.
 */
export function markInterruptedRuns(db: Db): number[] {
  const stale = (
    db.prepare(`SELECT id, pid FROM runs WHERE status IN ('running', 'paused')`).all() as {
      id: number;
      pid: number | null;
    }[]
  )
    .filter((r) => r.pid === null || !processAlive(r.pid))
    .map((r) => r.id);
  const mark = db.prepare(`UPDATE runs SET status = 'interrupted', pid = NULL WHERE id = ?`);
  db.transaction(() => stale.forEach((id) => mark.run(id)))();
  return stale;
}

export function setRunStatus(
  db: Db,
  id: number,
  status: RunStatus,
  extra: { error?: string | null; finished?: boolean } = {},
): void {
  db.prepare(
    `UPDATE runs SET status = ?, error = coalesce(?, error), finished_at = CASE WHEN ? THEN ? ELSE finished_at END WHERE id = ?`,
  ).run(status, extra.error ?? null, extra.finished ? 1 : 0, now(), id);
}

export function markRunStarted(
  db: Db,
  id: number,
  info: { backend: string; device: string; notes: string[]; pid: number },
): void {
  db.prepare(
    `UPDATE runs SET status = 'running', backend = ?, device = ?, backend_notes = ?, pid = ?, error = NULL,
      started_at = coalesce(started_at, ?), heartbeat_at = ? WHERE id = ?`,
  ).run(info.backend, info.device, info.notes.join('\n'), info.pid, now(), now(), id);
}

/** One transaction per batch of metrics, with the run's progress and time split. */
export function recordProgress(
  db: Db,
  id: number,
  metrics: MetricRow[],
  timing: { dataSeconds: number; computeSeconds: number; checkpointSeconds: number },
): void {
  const insert =
    db.prepare(`INSERT OR REPLACE INTO run_metrics (run_id, step, loss, lr, images_per_second, data_ms, compute_ms, memory_mb, recorded_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    const t = now();
    for (const m of metrics)
      insert.run(id, m.step, m.loss, m.lr, m.images_per_second, m.data_ms, m.compute_ms, m.memory_mb, t);
    const last = metrics.at(-1);
    db.prepare(
      `UPDATE runs SET steps_done = coalesce(?, steps_done), data_seconds = ?, compute_seconds = ?, checkpoint_seconds = ?, heartbeat_at = ? WHERE id = ?`,
    ).run(last?.step ?? null, timing.dataSeconds, timing.computeSeconds, timing.checkpointSeconds, t, id);
  })();
}

export function recordCheckpoint(db: Db, id: number, step: number, relPath: string, bytes: number): void {
  db.prepare(`INSERT OR REPLACE INTO checkpoints (run_id, step, path, bytes, created_at) VALUES (?, ?, ?, ?, ?)`).run(
    id,
    step,
    relPath,
    bytes,
    now(),
  );
}

export function latestCheckpoint(db: Db, id: number): { step: number; path: string } | undefined {
  return db.prepare('SELECT step, path FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT 1').get(id) as
    { step: number; path: string } | undefined;
}

/** A run's checkpoints, newest first: resume tries them in this order. */
export function checkpointsNewestFirst(db: Db, id: number): { step: number; path: string }[] {
  return db.prepare('SELECT step, path FROM checkpoints WHERE run_id = ? ORDER BY step DESC').all(id) as {
    step: number;
    path: string;
  }[];
}

export function forgetCheckpoint(db: Db, id: number, step: number): void {
  db.prepare('DELETE FROM checkpoints WHERE run_id = ? AND step = ?').run(id, step);
}

/** On resume: metrics recorded after the checkpoint are recomputed, so they are removed first. */
export function dropMetricsAfter(db: Db, id: number, step: number): void {
  db.prepare('DELETE FROM run_metrics WHERE run_id = ? AND step > ?').run(id, step);
}

export function runMetrics(db: Db, id: number): MetricRow[] {
  return db
    .prepare(
      'SELECT step, loss, lr, images_per_second, data_ms, compute_ms, memory_mb FROM run_metrics WHERE run_id = ? ORDER BY step',
    )
    .all(id) as MetricRow[];
}

/** The loss of a run's first or last recorded step; null before any step. */
export function runLoss(db: Db, id: number, which: 'first' | 'last'): number | null {
  const order = which === 'first' ? 'ASC' : 'DESC';
  return (
    (db.prepare(`SELECT loss FROM run_metrics WHERE run_id = ? ORDER BY step ${order} LIMIT 1`).pluck().get(id) as
      number | undefined) ?? null
  );
}

/** The energy a run has recorded and the seconds it has been timed for (earlier trainer processes included). */
export function runEnergySoFar(db: Db, id: number): { energy_kwh: number | null; seconds: number } | undefined {
  return db
    .prepare('SELECT energy_kwh, data_seconds + compute_seconds + checkpoint_seconds AS seconds FROM runs WHERE id = ?')
    .get(id) as { energy_kwh: number | null; seconds: number } | undefined;
}

export function setRunEnergy(db: Db, id: number, kwh: number | null): void {
  db.prepare('UPDATE runs SET energy_kwh = ? WHERE id = ?').run(kwh, id);
}

/** A trainer process that has ended no longer owns its run. */
export function clearRunPid(db: Db, id: number): void {
  db.prepare('UPDATE runs SET pid = NULL WHERE id = ?').run(id);
}

/** The newest runs (at most 50) of an objective and model that ran at least 3 steps: the basis of time estimates. */
export function measuredRuns(
  db: Db,
  objective: string,
  model: string,
): { id: number; backend: string | null; device: string | null; config_json: string }[] {
  return db
    .prepare(
      `SELECT id, backend, device, config_json FROM runs WHERE objective = ? AND model = ? AND steps_done >= 3 ORDER BY id DESC LIMIT 50`,
    )
    .all(objective, model) as { id: number; backend: string | null; device: string | null; config_json: string }[];
}

/** Data + compute milliseconds of a run's steps after the first (which includes shader compilation), ascending. */
export function stepMillisAfterFirst(db: Db, id: number): number[] {
  return db
    .prepare(
      `SELECT coalesce(data_ms, 0) + coalesce(compute_ms, 0) FROM run_metrics WHERE run_id = ? AND step > 1 AND compute_ms IS NOT NULL ORDER BY 1`,
    )
    .pluck()
    .all(id) as number[];
}
