/**
 * Migration 1: the whole schema the pilot needs — datasets and their images/items/labels, vocabularies,
 * and the run / metric / checkpoint / evaluation / report tables the training, evaluation and report
 * engines write. Image pixels never go into SQLite: they live in a per-dataset binary cache
 * (../datasets/image-cache.ts); `images.cache_index` is the record number in that file.
 */
export const sql = /* sql */ `
CREATE TABLE datasets (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  kind         TEXT NOT NULL CHECK (kind IN ('captions', 'labelled')),
  format       TEXT NOT NULL,
  source_path  TEXT NOT NULL,
  image_size   INTEGER NOT NULL CHECK (image_size > 0),
  cache_file   TEXT NOT NULL,             -- relative to the home directory
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);

CREATE TABLE images (
  id           INTEGER PRIMARY KEY,
  dataset_id   INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  sha256       TEXT NOT NULL,
  source       TEXT NOT NULL,             -- where it was first seen, e.g. 'train2017/000000000790.jpg'
  width        INTEGER NOT NULL,          -- of the original image
  height       INTEGER NOT NULL,
  cache_index  INTEGER NOT NULL,
  UNIQUE (dataset_id, sha256),
  UNIQUE (dataset_id, cache_index)
);

CREATE TABLE classes (
  id           INTEGER PRIMARY KEY,
  dataset_id   INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  UNIQUE (dataset_id, name)
);

CREATE TABLE items (
  id           INTEGER PRIMARY KEY,
  dataset_id   INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  image_id     INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  caption      TEXT NOT NULL DEFAULT '',  -- '' for labelled items
  class_id     INTEGER REFERENCES classes(id) ON DELETE CASCADE,
  split        TEXT CHECK (split IN ('train', 'val', 'test')),
  source       TEXT NOT NULL,
  -- re-importing the same source adds nothing: an item is its image content plus its caption
  UNIQUE (dataset_id, image_id, caption)
);
CREATE INDEX items_by_dataset_split ON items (dataset_id, split);

-- Labeller output per item and mode, cached so vocabularies and training never re-tag captions.
CREATE TABLE item_labels (
  item_id      INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  mode         TEXT NOT NULL CHECK (mode IN ('paper', 'corenet')),
  synsets      TEXT NOT NULL,             -- space-separated WordNet 3.0 noun offsets, first appearance order
  PRIMARY KEY (item_id, mode)
) WITHOUT ROWID;

CREATE TABLE imports (
  id           INTEGER PRIMARY KEY,
  dataset_id   INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  source_path  TEXT NOT NULL,
  format       TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'failed')),
  items_added  INTEGER NOT NULL DEFAULT 0,
  images_added INTEGER NOT NULL DEFAULT 0,
  skipped      INTEGER NOT NULL DEFAULT 0,
  duplicates   INTEGER NOT NULL DEFAULT 0,
  seconds      REAL,
  error        TEXT,
  started_at   TEXT NOT NULL,
  finished_at  TEXT
);

CREATE TABLE import_skips (
  import_id    INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  seq          INTEGER NOT NULL,
  source       TEXT NOT NULL,
  reason       TEXT NOT NULL,
  PRIMARY KEY (import_id, seq)
) WITHOUT ROWID;

-- A vocabulary is immutable once built: runs point at it.
CREATE TABLE vocabularies (
  id                 INTEGER PRIMARY KEY,
  dataset_id         INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  mode               TEXT NOT NULL CHECK (mode IN ('paper', 'corenet')),
  min_count          INTEGER NOT NULL,
  max_size           INTEGER,
  size               INTEGER NOT NULL,
  captions           INTEGER NOT NULL,    -- captions counted
  coverage           REAL NOT NULL,       -- share of captions with >= 1 vocabulary label
  labels_per_caption REAL NOT NULL,       -- mean vocabulary labels per caption
  dataset_items      INTEGER NOT NULL,    -- item count of the dataset when built (reuse check)
  created_at         TEXT NOT NULL
);
CREATE INDEX vocabularies_by_dataset ON vocabularies (dataset_id, mode, min_count);

CREATE TABLE vocabulary_synsets (
  vocabulary_id INTEGER NOT NULL REFERENCES vocabularies(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,         -- class index in the CatLIP head
  offset        INTEGER NOT NULL,         -- WordNet 3.0 noun offset
  name          TEXT NOT NULL,            -- NLTK name, e.g. dog.n.01
  count         INTEGER NOT NULL,
  PRIMARY KEY (vocabulary_id, position)
) WITHOUT ROWID;

CREATE TABLE runs (
  id            INTEGER PRIMARY KEY,
  dataset_id    INTEGER NOT NULL REFERENCES datasets(id),
  vocabulary_id INTEGER REFERENCES vocabularies(id),
  objective     TEXT NOT NULL CHECK (objective IN ('catlip', 'clip', 'superclass')),
  model         TEXT NOT NULL,
  config_json   TEXT NOT NULL,            -- the complete, resolved training config
  status        TEXT NOT NULL CHECK (status IN ('queued', 'running', 'paused', 'completed', 'cancelled', 'interrupted', 'failed')),
  backend       TEXT,
  device        TEXT,
  backend_notes TEXT,                     -- why other backends were not used
  seed          INTEGER NOT NULL,
  steps_total   INTEGER NOT NULL,
  steps_done    INTEGER NOT NULL DEFAULT 0,
  data_seconds       REAL NOT NULL DEFAULT 0,
  compute_seconds    REAL NOT NULL DEFAULT 0,
  checkpoint_seconds REAL NOT NULL DEFAULT 0,
  energy_kwh    REAL,                     -- NULL = not measured
  error         TEXT,
  pid           INTEGER,
  heartbeat_at  TEXT,
  created_at    TEXT NOT NULL,
  started_at    TEXT,
  finished_at   TEXT
);

CREATE TABLE run_metrics (
  run_id            INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  step              INTEGER NOT NULL,
  loss              REAL NOT NULL,
  lr                REAL NOT NULL,
  images_per_second REAL,
  data_ms           REAL,
  compute_ms        REAL,
  memory_mb         REAL,
  recorded_at       TEXT NOT NULL,
  PRIMARY KEY (run_id, step)
) WITHOUT ROWID;

CREATE TABLE checkpoints (
  id          INTEGER PRIMARY KEY,
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  step        INTEGER NOT NULL,
  path        TEXT NOT NULL,              -- relative to the home directory
  bytes       INTEGER NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (run_id, step)
);

CREATE TABLE evaluations (
  id             INTEGER PRIMARY KEY,
  run_id         INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  dataset_id     INTEGER NOT NULL REFERENCES datasets(id),
  method         TEXT NOT NULL CHECK (method IN ('linear-probe', 'finetune', 'zero-shot')),
  init           TEXT NOT NULL CHECK (init IN ('random', 'transfer', 'none')),
  fraction       REAL NOT NULL,
  seed           INTEGER NOT NULL,
  settings_json  TEXT NOT NULL,
  top1           REAL,
  top5           REAL,
  per_class_json TEXT,
  confusion_json TEXT,
  unmatched_classes_json TEXT,            -- Transfer Init classes with no synset
  seconds        REAL,
  created_at     TEXT NOT NULL
);

CREATE TABLE reports (
  id          INTEGER PRIMARY KEY,
  run_ids     TEXT NOT NULL,              -- comma-separated
  format      TEXT NOT NULL CHECK (format IN ('pdf', 'html', 'csv', 'png')),
  lang        TEXT NOT NULL CHECK (lang IN ('ja', 'en')),
  path        TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE settings (
  key         TEXT PRIMARY KEY,
  value_json  TEXT NOT NULL
);
`;
