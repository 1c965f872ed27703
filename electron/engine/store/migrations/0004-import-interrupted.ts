/**
 * Imports get the status 'interrupted' (the process died during the import: crash, kill -9, power loss)
 * and the pid of the process that runs them, so a later start can tell a dead import from one another
 * process is still running. SQLite cannot change a CHECK constraint in place: both import tables are
 * rebuilt. The skips table is rebuilt pointing at the new imports table before the old one is dropped,
 * so dropping it cascades into nothing; renaming the new table then renames the reference with it.
 */
export const sql = `
CREATE TABLE imports_v4 (
  id           INTEGER PRIMARY KEY,
  dataset_id   INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  source_path  TEXT NOT NULL,
  format       TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'failed', 'interrupted')),
  items_added  INTEGER NOT NULL DEFAULT 0,
  images_added INTEGER NOT NULL DEFAULT 0,
  skipped      INTEGER NOT NULL DEFAULT 0,
  duplicates   INTEGER NOT NULL DEFAULT 0,
  seconds      REAL,
  error        TEXT,
  started_at   TEXT NOT NULL,
  finished_at  TEXT,
  pid          INTEGER
);
INSERT INTO imports_v4 (id, dataset_id, source_path, format, status, items_added, images_added, skipped, duplicates, seconds, error, started_at, finished_at)
  SELECT id, dataset_id, source_path, format, status, items_added, images_added, skipped, duplicates, seconds, error, started_at, finished_at FROM imports;

CREATE TABLE import_skips_v4 (
  import_id    INTEGER NOT NULL REFERENCES imports_v4(id) ON DELETE CASCADE,
  seq          INTEGER NOT NULL,
  source       TEXT NOT NULL,
  reason       TEXT NOT NULL,
  PRIMARY KEY (import_id, seq)
) WITHOUT ROWID;
INSERT INTO import_skips_v4 SELECT import_id, seq, source, reason FROM import_skips;

DROP TABLE import_skips;
DROP TABLE imports;
ALTER TABLE imports_v4 RENAME TO imports;
ALTER TABLE import_skips_v4 RENAME TO import_skips;
`;
