import { now, type Db } from '../store/database.js';
import { processAlive } from '../training/run-repository.js';
import type { DatasetFormat } from './sources/types.js';

/**
 * Every SQL statement an import runs on `imports`, `images`, `items`, `classes` and `import_skips`. The
 * per-record statements are prepared once per import (`importStatements`) and run inside the importer's
 * flush transactions.
 */

export interface ImportCounts {
  itemsAdded: number;
  imagesAdded: number;
  skipped: number;
  duplicates: number;
}

/** Records an import as 'running', with this process's pid so another process can tell whether it is still alive. */
export function startImport(db: Db, datasetId: number, sourcePath: string, format: DatasetFormat): number {
  return Number(
    db
      .prepare(
        `INSERT INTO imports (dataset_id, source_path, format, status, started_at, pid) VALUES (?, ?, ?, 'running', ?, ?)`,
      )
      .run(datasetId, sourcePath, format, now(), process.pid).lastInsertRowid,
  );
}

/**
 * Imports left 'running' by a process that no longer exists (crash, kill -9, power loss) become
 * 'interrupted'. What they stored is complete — items are committed only with their images' cache records
 * flushed — so importing the same source into the same dataset again resumes: everything already present
 * is found by content and skipped, the rest is added.
 */
export function markInterruptedImports(db: Db): number[] {
  const stale = (
    db.prepare(`SELECT id, pid FROM imports WHERE status = 'running'`).all() as { id: number; pid: number | null }[]
  )
    .filter((r) => r.pid === null || (r.pid !== process.pid && !processAlive(r.pid)))
    .map((r) => r.id);
  const mark = db.prepare(`UPDATE imports SET status = 'interrupted', pid = NULL, finished_at = ?,
      error = 'the process stopped during this import; import the same source again to resume' WHERE id = ?`);
  db.transaction(() => stale.forEach((id) => mark.run(now(), id)))();
  return stale;
}

export function failImport(db: Db, importId: number, error: string, counts: ImportCounts): void {
  db.prepare(
    `UPDATE imports SET status = 'failed', error = ?, finished_at = ?, items_added = ?, images_added = ?, skipped = ?, duplicates = ? WHERE id = ?`,
  ).run(error, now(), counts.itemsAdded, counts.imagesAdded, counts.skipped, counts.duplicates, importId);
}

/** Stores an import's outcome and marks its dataset updated. */
export function finishImport(
  db: Db,
  importId: number,
  datasetId: number,
  status: 'completed' | 'cancelled',
  counts: ImportCounts,
  seconds: number,
): void {
  db.transaction(() => {
    db.prepare(
      `UPDATE imports SET status = ?, items_added = ?, images_added = ?, skipped = ?, duplicates = ?, seconds = ?, finished_at = ? WHERE id = ?`,
    ).run(status, counts.itemsAdded, counts.imagesAdded, counts.skipped, counts.duplicates, seconds, now(), importId);
    db.prepare('UPDATE datasets SET updated_at = ? WHERE id = ?').run(now(), datasetId);
  })();
}

/** The statements run once per image, item, class and skip of an import, prepared once. */
export function importStatements(db: Db, datasetId: number, importId: number) {
  const imageBySha = db.prepare('SELECT id, source FROM images WHERE dataset_id = ? AND sha256 = ?');
  const nextCacheIndex = db
    .prepare('SELECT coalesce(max(cache_index) + 1, 0) FROM images WHERE dataset_id = ?')
    .pluck();
  const insertImage = db.prepare(
    `INSERT INTO images (dataset_id, sha256, source, width, height, cache_index) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const insertItem = db.prepare(
    `INSERT OR IGNORE INTO items (dataset_id, image_id, caption, class_id, split, source) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const classId = db.prepare('SELECT id FROM classes WHERE dataset_id = ? AND name = ?').pluck();
  const insertClass = db.prepare('INSERT INTO classes (dataset_id, name) VALUES (?, ?)');
  const insertSkip = db.prepare('INSERT INTO import_skips (import_id, seq, source, reason) VALUES (?, ?, ?, ?)');
  return {
    imageBySha: (sha256: string) => imageBySha.get(datasetId, sha256) as { id: number; source: string } | undefined,
    /** The first free record of the dataset's image cache file. */
    nextCacheIndex: () => nextCacheIndex.get(datasetId) as number,
    insertImage: (img: { sha256: string; source: string; width: number; height: number; cacheIndex: number }) =>
      Number(insertImage.run(datasetId, img.sha256, img.source, img.width, img.height, img.cacheIndex).lastInsertRowid),
    /** False when the item was already there (same image, caption and class). */
    insertItem: (item: {
      imageId: number;
      caption: string;
      classId: number | null;
      split: string | null;
      source: string;
    }) => insertItem.run(datasetId, item.imageId, item.caption, item.classId, item.split, item.source).changes > 0,
    classId: (name: string) => classId.get(datasetId, name) as number | undefined,
    insertClass: (name: string) => Number(insertClass.run(datasetId, name).lastInsertRowid),
    insertSkip: (seq: number, source: string, reason: string) => void insertSkip.run(importId, seq, source, reason),
  };
}
