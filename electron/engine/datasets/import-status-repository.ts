import { now, type Db } from '../store/database.js';
import { processAlive } from '../training/run-repository.js';

/**
 * Imports left 'running' by a process that no longer exists (crash, kill -9, power loss) become
 * 'interrupted'. What they stored is complete — items are committed only with their images' cache records
 * flushed — so importing the same source into the same dataset again resumes: everything already present
 * is found by content and skipped, the rest is added.
 */
export function markInterruptedImports(db: Db): number[] {
  const stale = (db.prepare(`SELECT id, pid FROM imports WHERE status = 'running'`).all() as { id: number; pid: number | null }[])
    .filter((r) => r.pid === null || (r.pid !== process.pid && !processAlive(r.pid)))
    .map((r) => r.id);
  const mark = db.prepare(`UPDATE imports SET status = 'interrupted', pid = NULL, finished_at = ?,
      error = 'the process stopped during this import; import the same source again to resume' WHERE id = ?`);
  db.transaction(() => stale.forEach((id) => mark.run(now(), id)))();
  return stale;
}

/** A new import's row, with this process's pid so another process can tell whether it is still alive. */
export function insertRunningImport(db: Db, row: { datasetId: number; sourcePath: string; format: string }): number {
  return Number(db.prepare(`INSERT INTO imports (dataset_id, source_path, format, status, started_at, pid) VALUES (?, ?, ?, 'running', ?, ?)`)
    .run(row.datasetId, row.sourcePath, row.format, now(), process.pid).lastInsertRowid);
}
