import { noteError } from '../../shared/errors.js';
import type { SavedModel } from '../../shared/models.js';
import { now, type Db } from '../store/database.js';

/**
 * Every SQL statement on `saved_models`. A saved model is immutable: there is an insert and reads, no update
 * (a new training makes a new model under a new name).
 */

export interface SavedModelRow {
  id: number;
  name: string;
  run_id: number;
  evaluation_id: number;
  method: SavedModel['method'];
  dataset_id: number;
  dataset_name: string;
  classes_json: string;
  top1: number;
  top5: number | null;
  path: string;
  bytes: number;
  sha256: string;
  preprocessing_json: string;
  settings_json: string;
  created_at: string;
}

export type NewSavedModel = Omit<SavedModelRow, 'id' | 'created_at' | 'dataset_name'>;

const SELECT = `SELECT m.*, d.name AS dataset_name FROM saved_models m JOIN datasets d ON d.id = m.dataset_id`;

export function insertSavedModel(db: Db, m: NewSavedModel): number {
  if (modelNameTaken(db, m.name)) throw noteError('conflict', 'model.nameTaken', { name: m.name }, { field: 'name' });
  return Number(
    db
      .prepare(
        `INSERT INTO saved_models (name, run_id, evaluation_id, method, dataset_id, classes_json, top1, top5, path, bytes,
      sha256, preprocessing_json, settings_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        m.name,
        m.run_id,
        m.evaluation_id,
        m.method,
        m.dataset_id,
        m.classes_json,
        m.top1,
        m.top5,
        m.path,
        m.bytes,
        m.sha256,
        m.preprocessing_json,
        m.settings_json,
        now(),
      ).lastInsertRowid,
  );
}

export function modelNameTaken(db: Db, name: string): boolean {
  return db.prepare('SELECT 1 FROM saved_models WHERE name = ?').get(name) !== undefined;
}

export function getSavedModelRow(db: Db, id: number): SavedModelRow {
  const row = db.prepare(`${SELECT} WHERE m.id = ?`).get(id) as SavedModelRow | undefined;
  if (!row) throw noteError('not-found', 'model.notFound', { id }, { field: 'model' });
  return row;
}

/** Newest first; only the run's models when `runId` is given. */
export function listSavedModelRows(db: Db, runId?: number): SavedModelRow[] {
  return runId === undefined
    ? (db.prepare(`${SELECT} ORDER BY m.id DESC`).all() as SavedModelRow[])
    : (db.prepare(`${SELECT} WHERE m.run_id = ? ORDER BY m.id DESC`).all(runId) as SavedModelRow[]);
}

export function savedModelOf(row: SavedModelRow): SavedModel {
  return {
    id: row.id,
    name: row.name,
    run: row.run_id,
    evaluation: row.evaluation_id,
    method: row.method,
    dataset: row.dataset_name,
    classes: JSON.parse(row.classes_json) as string[],
    top1: row.top1,
    top5: row.top5,
    bytes: row.bytes,
    sha256: row.sha256,
    created_at: row.created_at,
  };
}
