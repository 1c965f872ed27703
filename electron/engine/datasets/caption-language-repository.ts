import type { Db } from '../store/database.js';

/**
 * Whether any caption of the dataset has Japanese script (kana or CJK ideographs, as detectLanguage sees
 * it), so the Japanese analyser is loaded only for datasets that need it. GLOB ranges compare code points.
 */
export function datasetHasJapaneseCaptions(db: Db, datasetId: number): boolean {
  return (
    db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM items WHERE dataset_id = ?
      AND (caption GLOB '*[぀-ヿ]*' OR caption GLOB '*[㐀-鿿]*' OR caption GLOB '*[豈-﫿]*' OR caption GLOB '*[ｦ-ﾟ]*'))`,
      )
      .pluck()
      .get(datasetId) === 1
  );
}
