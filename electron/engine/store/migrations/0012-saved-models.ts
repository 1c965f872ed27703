/**
 * Saved downstream models: a fine-tuned or linear-probe classifier kept from an evaluation (`eval --save`),
 * immutable once written. The weights live in one checksummed file under the data home (`path`, relative);
 * `sha256` is that file's hash, checked on every load. `preprocessing_json` is how images are prepared for
 * it, `settings_json` what the model file holds (tensor names, encoder config).
 */
export const sql = `
CREATE TABLE saved_models (
  id                 INTEGER PRIMARY KEY,
  name               TEXT NOT NULL UNIQUE,
  run_id             INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  evaluation_id      INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  method             TEXT NOT NULL CHECK (method IN ('linear-probe', 'finetune')),
  dataset_id         INTEGER NOT NULL REFERENCES datasets(id),
  classes_json       TEXT NOT NULL,
  top1               REAL NOT NULL,
  top5               REAL,
  path               TEXT NOT NULL,
  bytes              INTEGER NOT NULL,
  sha256             TEXT NOT NULL,
  preprocessing_json TEXT NOT NULL,
  settings_json      TEXT NOT NULL,
  created_at         TEXT NOT NULL
);
CREATE INDEX saved_models_run ON saved_models (run_id);
`;
