/**
 * The management pack: slide decks among the recorded report formats (SQLite cannot alter a CHECK, so the
 * reports table is rebuilt with its rows), and where each dataset's data came from and under what terms —
 * per import, what the source declared (licences, URLs) and the hashes of the files read; per dataset, a
 * licence and consent/personal-data notes entered by the user. NULL means unknown / not entered.
 */
export const sql = `
CREATE TABLE reports_new (
  id          INTEGER PRIMARY KEY,
  run_ids     TEXT NOT NULL,              -- comma-separated
  format      TEXT NOT NULL CHECK (format IN ('pdf', 'html', 'csv', 'png', 'pptx')),
  lang        TEXT NOT NULL CHECK (lang IN ('ja', 'en')),
  path        TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
INSERT INTO reports_new (id, run_ids, format, lang, path, created_at) SELECT id, run_ids, format, lang, path, created_at FROM reports;
DROP TABLE reports;
ALTER TABLE reports_new RENAME TO reports;

-- JSON: { "licences": [{ "name", "url"?, "declared_in" }], "urls": [...], "files": [{ "path", "sha256", "bytes" }] }
ALTER TABLE imports ADD COLUMN provenance_json TEXT;
-- SPDX id or free text, entered by the user; overrides what the sources declared
ALTER TABLE datasets ADD COLUMN licence TEXT;
ALTER TABLE datasets ADD COLUMN consent_notes TEXT;
`;
