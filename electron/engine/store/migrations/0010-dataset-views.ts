/**
 * Dataset views: quality filters saved under a name, immutable. The items a view keeps are frozen at
 * creation (dataset_view_items), so a run on the view trains on exactly those items even after more data is
 * imported; the coverage before and after the filters is kept as computed then.
 */
export const sql = `
CREATE TABLE dataset_views (
  id            INTEGER PRIMARY KEY,
  dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  mode          TEXT NOT NULL CHECK (mode IN ('paper', 'corenet')),
  filters_json  TEXT NOT NULL,
  before_json   TEXT NOT NULL,            -- coverage of the whole dataset when the view was made
  after_json    TEXT NOT NULL,            -- coverage of the view
  created_at    TEXT NOT NULL,
  UNIQUE (dataset_id, name)
);

CREATE TABLE dataset_view_items (
  view_id  INTEGER NOT NULL REFERENCES dataset_views(id) ON DELETE CASCADE,
  item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  PRIMARY KEY (view_id, item_id)
) WITHOUT ROWID;
`;
