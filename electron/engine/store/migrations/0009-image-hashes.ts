/**
 * Perceptual hashes of stored images, for near-duplicate detection in the data-quality figures. One row per
 * image, computed from the image cache the first time a dataset's quality is checked; the hash is 64 bits
 * written as 16 hex digits (SQLite's INTEGER is signed and better-sqlite3 would hand large values back as
 * lossy numbers).
 */
export const sql = `
CREATE TABLE image_hashes (
  image_id  INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
  dhash     TEXT NOT NULL CHECK (length(dhash) = 16)
);
`;
