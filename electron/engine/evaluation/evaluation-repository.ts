import { noteError } from '../../shared/errors.js';
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

/** A CatLIP vocabulary's synsets by head row, with their caption counts, and the captions counted. */
export function vocabularyEntries(
  db: Db,
  vocabularyId: number,
): { entries: { position: number; offset: number; count: number }[]; captions: number } {
  const entries = db
    .prepare('SELECT position, offset, count FROM vocabulary_synsets WHERE vocabulary_id = ? ORDER BY position')
    .all(vocabularyId) as { position: number; offset: number; count: number }[];
  const captions = db.prepare('SELECT captions FROM vocabularies WHERE id = ?').pluck().get(vocabularyId) as
    number | undefined;
  if (captions === undefined) throw noteError('not-found', 'eval.vocabGone', { id: vocabularyId });
  return { entries, captions };
}

export function insertEvaluation(db: Db, r: EvaluationRecord): number {
  return Number(
    db
      .prepare(
        `INSERT INTO evaluations (run_id, dataset_id, method, init, fraction, seed, settings_json, top1, top5,
      per_class_json, confusion_json, unmatched_classes_json, seconds, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        r.run,
        r.datasetId,
        r.method,
        r.init,
        r.fraction,
        r.seed,
        JSON.stringify(r.settings),
        r.top1,
        r.top5,
        JSON.stringify(r.perClass),
        JSON.stringify({ classes: r.classes, matrix: r.confusion }),
        JSON.stringify(r.unmatchedClasses),
        r.seconds,
        now(),
      ).lastInsertRowid,
  );
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
  if (!row) throw noteError('not-found', 'eval.notFound', { id });
  return row;
}

/** Evaluations in creation order, optionally of one run. */
export function listEvaluations(db: Db, runId?: number): EvaluationRow[] {
  return runId === undefined
    ? (db.prepare('SELECT * FROM evaluations ORDER BY id').all() as EvaluationRow[])
    : (db.prepare('SELECT * FROM evaluations WHERE run_id = ? ORDER BY id').all(runId) as EvaluationRow[]);
}

/** The display details of an evaluation from its stored settings (see EvaluationResultSchema.details). */
export function evaluationDetails(settings: Record<string, unknown>): EvaluationResult['details'] {
  const probe = settings.probe as
    { l2?: number; l2_chosen_by?: string; converged?: boolean; iterations?: number } | undefined;
  const transfer = settings.transfer as { scale?: number } | undefined;
  const finetune = settings.finetune as { head_warmup_steps?: number } | undefined;
  const zeroShot = settings.zero_shot as
    | {
        correction?: string;
        uncorrected_top1?: number;
        calibration?: { images?: number };
        warnings?: NonNullable<EvaluationResult['details']>['zero_shot_warnings'];
        reachable_top1?: number;
      }
    | undefined;
  const details: NonNullable<EvaluationResult['details']> = {};
  // probes stored before convergence was kept have no l2
  if (probe?.l2 !== undefined) {
    details.probe = {
      l2: probe.l2,
      l2_chosen_by: probe.l2_chosen_by ?? '',
      converged: probe.converged ?? false,
      iterations: probe.iterations ?? 0,
    };
  }
  if (transfer?.scale !== undefined) details.transfer_scale = transfer.scale;
  if (finetune?.head_warmup_steps !== undefined) details.head_warmup_steps = finetune.head_warmup_steps;
  if (zeroShot?.correction !== undefined) details.zero_shot_correction = zeroShot.correction;
  if (zeroShot?.uncorrected_top1 !== undefined) details.uncorrected_top1 = zeroShot.uncorrected_top1;
  if (zeroShot?.calibration?.images !== undefined) details.calibration_images = zeroShot.calibration.images;
  if (zeroShot?.warnings?.length) details.zero_shot_warnings = zeroShot.warnings;
  if (zeroShot?.reachable_top1 !== undefined) details.reachable_top1 = zeroShot.reachable_top1;
  return Object.keys(details).length > 0 ? details : undefined;
}

/** A stored evaluation in the shape runEvaluation returned it (for listings, reports and the UI). */
export function evaluationResultOf(db: Db, row: EvaluationRow): EvaluationResult {
  const settings = JSON.parse(row.settings_json) as {
    train_items?: number;
    test_items?: number;
    backend?: string;
  } & Record<string, unknown>;
  const details = evaluationDetails(settings);
  const confusion = row.confusion_json
    ? (JSON.parse(row.confusion_json) as { classes: string[]; matrix: number[][] })
    : { classes: [], matrix: [] };
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
    ...(details ? { details } : {}),
  };
}
