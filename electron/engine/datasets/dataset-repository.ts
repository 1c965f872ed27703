import path from 'node:path';
import { noteError } from '../../shared/errors.js';
import { now, type Db } from '../store/database.js';
import type { DatasetFormat } from './sources/types.js';

export type DatasetKind = 'captions' | 'labelled';

export interface DatasetRow {
  id: number;
  name: string;
  kind: DatasetKind;
  format: DatasetFormat;
  source_path: string;
  image_size: number;
  cache_file: string;
  created_at: string;
  updated_at: string;
}

export interface DatasetStats extends DatasetRow {
  items: number;
  images: number;
  classes: number;
  splits: Record<string, number>;
}

/** Valid dataset names: they become file names and CLI arguments. */
export const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function findDataset(db: Db, name: string): DatasetRow | undefined {
  return db.prepare('SELECT * FROM datasets WHERE name = ?').get(name) as DatasetRow | undefined;
}

export function requireDataset(db: Db, name: string): DatasetRow {
  const row = findDataset(db, name);
  if (!row) {
    const names = db.prepare('SELECT name FROM datasets ORDER BY name').pluck().all() as string[];
    throw names.length
      ? noteError('not-found', 'dataset.notFound', { name, names: names.join(', ') })
      : noteError('not-found', 'dataset.noneImported', { name });
  }
  return row;
}

/**
 * The dataset an import writes into: created on first import; a re-import must match its kind and image
 * size, because every image of a dataset shares one fixed-size cache file.
 */
export function ensureDataset(
  db: Db,
  spec: { name: string; kind: DatasetKind; format: DatasetFormat; sourcePath: string; imageSize: number },
): DatasetRow {
  if (!DATASET_NAME.test(spec.name)) {
    throw noteError('invalid-request', 'dataset.invalidName', { name: spec.name }, { field: 'name' });
  }
  const existing = findDataset(db, spec.name);
  if (existing) {
    if (existing.kind !== spec.kind) {
      throw noteError('conflict', 'dataset.kindConflict', {
        name: spec.name,
        existing: existing.kind,
        kind: spec.kind,
      });
    }
    if (existing.image_size !== spec.imageSize) {
      throw noteError('conflict', 'dataset.sizeConflict', { name: spec.name, size: existing.image_size });
    }
    return existing;
  }
  const t = now();
  const cacheFile = path.join('cache', `${spec.name}.${spec.imageSize}px.rgb`);
  const id = Number(
    db
      .prepare(
        `INSERT INTO datasets (name, kind, format, source_path, image_size, cache_file, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(spec.name, spec.kind, spec.format, spec.sourcePath, spec.imageSize, cacheFile, t, t).lastInsertRowid,
  );
  return db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as DatasetRow;
}

export function datasetStats(db: Db, row: DatasetRow): DatasetStats {
  const count = (sql: string) => db.prepare(sql).pluck().get(row.id) as number;
  const splits: Record<string, number> = {};
  for (const r of db
    .prepare(`SELECT coalesce(split, 'unassigned') AS split, count(*) AS n FROM items WHERE dataset_id = ? GROUP BY 1`)
    .all(row.id) as { split: string; n: number }[]) {
    splits[r.split] = r.n;
  }
  return {
    ...row,
    items: count('SELECT count(*) FROM items WHERE dataset_id = ?'),
    images: count('SELECT count(*) FROM images WHERE dataset_id = ?'),
    classes: count('SELECT count(*) FROM classes WHERE dataset_id = ?'),
    splits,
  };
}

export function listDatasets(db: Db): DatasetStats[] {
  return (db.prepare('SELECT * FROM datasets ORDER BY created_at, id').all() as DatasetRow[]).map((r) =>
    datasetStats(db, r),
  );
}

/**
 * Stores a seeded, stratified train/test split for labelled items that came without one: within each
 * class, items are ordered by a hash of (image sha256, seed) and the first `testShare` become 'test'.
 * Hash order (not insertion order) keeps the split stable when the same folder is imported again.
 */
export function assignStratifiedSplit(db: Db, datasetId: number, testShare = 0.2, seed = 0): number {
  const rows = db
    .prepare(
      `SELECT it.id, it.class_id, im.sha256 FROM items it JOIN images im ON im.id = it.image_id
                           WHERE it.dataset_id = ? AND it.split IS NULL`,
    )
    .all(datasetId) as { id: number; class_id: number; sha256: string }[];
  const byClass = new Map<number, { id: number; key: number }[]>();
  for (const r of rows) {
    const list = byClass.get(r.class_id) ?? [];
    list.push({ id: r.id, key: hashKey(r.sha256, seed) });
    byClass.set(r.class_id, list);
  }
  const setSplit = db.prepare('UPDATE items SET split = ? WHERE id = ?');
  db.transaction(() => {
    for (const list of byClass.values()) {
      list.sort((a, b) => a.key - b.key || a.id - b.id);
      const nTest = Math.round(list.length * testShare);
      list.forEach((it, i) => setSplit.run(i < nTest ? 'test' : 'train', it.id));
    }
  })();
  return rows.length;
}

/** FNV-1a over the hex digest and the seed: cheap, deterministic, well spread. */
function hashKey(sha256: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < sha256.length; i++) {
    h ^= sha256.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function countItems(db: Db, datasetId: number, split?: string): number {
  return (
    split === undefined
      ? db.prepare('SELECT count(*) FROM items WHERE dataset_id = ?').pluck().get(datasetId)
      : db.prepare('SELECT count(*) FROM items WHERE dataset_id = ? AND split = ?').pluck().get(datasetId, split)
  ) as number;
}

/** A labelled dataset's classes in the order they were first seen (their id order). */
export function datasetClasses(db: Db, datasetId: number): { id: number; name: string }[] {
  return db.prepare('SELECT id, name FROM classes WHERE dataset_id = ? ORDER BY id').all(datasetId) as {
    id: number;
    name: string;
  }[];
}

/** The cached image and class of every classified item of one split, in import order. */
export function labelledSplitItems(
  db: Db,
  datasetId: number,
  split: string,
): { cache_index: number; class_id: number }[] {
  return db
    .prepare(
      `SELECT im.cache_index, it.class_id FROM items it JOIN images im ON im.id = it.image_id
                     WHERE it.dataset_id = ? AND it.split = ? AND it.class_id IS NOT NULL ORDER BY it.id`,
    )
    .all(datasetId, split) as { cache_index: number; class_id: number }[];
}

/** The training split of a caption dataset: item, cached image and caption, in import order. */
export function captionTrainItems(db: Db, datasetId: number): { id: number; cache_index: number; caption: string }[] {
  return db
    .prepare(
      `SELECT i.id, im.cache_index, i.caption FROM items i JOIN images im ON im.id = i.image_id
                     WHERE i.dataset_id = ? AND i.split = 'train' ORDER BY i.id`,
    )
    .all(datasetId) as { id: number; cache_index: number; caption: string }[];
}

export interface ItemPageRow {
  id: number;
  caption: string;
  class_name: string | null;
  cache_index: number;
}

/** A page of a dataset's items in import order, with the class name of labelled items. */
export function itemPage(db: Db, datasetId: number, limit: number, offset: number): ItemPageRow[] {
  // `+i.dataset_id` keeps SQLite on the primary-key order instead of the (dataset_id, split) index plus a sort.
  return db
    .prepare(
      `SELECT i.id, i.caption, c.name AS class_name, im.cache_index FROM items i
      JOIN images im ON im.id = i.image_id LEFT JOIN classes c ON c.id = i.class_id
      WHERE +i.dataset_id = ? ORDER BY i.id LIMIT ? OFFSET ?`,
    )
    .all(datasetId, limit, offset) as ItemPageRow[];
}

/**
 * What the TCO counts of a dataset: its completed imports' measured seconds (null where none recorded one)
 * and the bytes of its image cache (one RGB image of image_size² pixels per image).
 */
export function datasetEffort(db: Db, datasetId: number): { importSeconds: number | null; cacheBytes: number } {
  const row = db
    .prepare(
      `SELECT (SELECT sum(seconds) FROM imports WHERE dataset_id = d.id AND status = 'completed' AND seconds IS NOT NULL) AS seconds,
      (SELECT count(*) FROM images WHERE dataset_id = d.id) AS images, d.image_size AS size FROM datasets d WHERE d.id = ?`,
    )
    .get(datasetId) as { seconds: number | null; images: number; size: number } | undefined;
  return row
    ? { importSeconds: row.seconds, cacheBytes: row.images * row.size * row.size * 3 }
    : { importSeconds: null, cacheBytes: 0 };
}
