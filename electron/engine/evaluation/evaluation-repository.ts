import { EngineError } from '../../shared/errors.js';
import { now, type Db } from '../store/database.js';
import type { EvaluationResult } from '../../shared/evaluation.js';

/** What one evaluation stores: its identity, the exact settings it ran with, and its metrics. */
export interface EvaluationRecord {
  run: number;
  datasetId: number;
  method: EvaluationResult['method'];
  init: EvaluationResult['init'];
  fraction: number;
  seed: number;
  settings: Record<string, unknown>;
  top1: number;
  top5: number | null;
  perClass: Record<string, number>;
  classes: string[];
  confusion: number[][];
  unmatchedClasses: string[];
  seconds: number;
}

export function insertEvaluation(db: Db, r: EvaluationRecord): number {
  return Number(db.prepare(`INSERT INTO evaluations (run_id, dataset_id, method, init, fraction, seed, settings_json, top1, top5,
      per_class_json, confusion_json, unmatched_classes_json, seconds, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(r.run, r.datasetId, r.method, r.init, r.fraction, r.seed, JSON.stringify(r.settings), r.top1, r.top5,
      JSON.stringify(r.perClass), JSON.stringify({ classes: r.classes, matrix: r.confusion }), JSON.stringify(r.unmatchedClasses), r.seconds, now())
    .lastInsertRowid);
}

export interface EvaluationRow {
  id: number;
  run_id: number;
  dataset_id: number;
  method: EvaluationResult['method'];
  init: EvaluationResult['init'];
  fraction: number;
  seed: number;
  settings_json: string;
  top1: number | null;
  top5: number | null;
  per_class_json: string | null;
  confusion_json: string | null;
  unmatched_classes_json: string | null;
  seconds: number | null;
  created_at: string;
}

export function getEvaluation(db: Db, id: number): EvaluationRow {
  const row = db.prepare('SELECT * FROM evaluations WHERE id = ?').get(id) as EvaluationRow | undefined;
  if (!row) throw new EngineError('not-found', `no evaluation ${id}`);
  return row;
}

/** Evaluations in creation order, optionally of one run. */
export function listEvaluations(db: Db, runId?: number): EvaluationRow[] {
  return runId === undefined
    ? (db.prepare('SELECT * FROM evaluations ORDER BY id').all() as EvaluationRow[])
    : (db.prepare('SELECT * FROM evaluations WHERE run_id = ? ORDER BY id').all(runId) as EvaluationRow[]);
}

/** A stored evaluation in the shape runEvaluation returned it (for listings, reports and the UI). */
export function evaluationResultOf(db: Db, row: EvaluationRow): EvaluationResult {
  const settings = JSON.parse(row.settings_json) as { train_items?: number; test_items?: number; backend?: string };
  const confusion = row.confusion_json ? (JSON.parse(row.confusion_json) as { classes: string[]; matrix: number[][] }) : { classes: [], matrix: [] };
  return {
    evaluation: row.id,
    run: row.run_id,
    dataset: db.prepare('SELECT name FROM datasets WHERE id = ?').pluck().get(row.dataset_id) as string,
    method: row.method,
    init: row.init,
    fraction: row.fraction,
    seed: row.seed,
    top1: row.top1 ?? 0,
    top5: row.top5,
    per_class: row.per_class_json ? JSON.parse(row.per_class_json) : {},
    classes: confusion.classes,
    confusion: confusion.matrix,
    unmatched_classes: row.unmatched_classes_json ? JSON.parse(row.unmatched_classes_json) : [],
    train_items: settings.train_items ?? 0,
    test_items: settings.test_items ?? 0,
    backend: settings.backend ?? '',
    seconds: row.seconds ?? 0,
  };
}
