import { requireDataset } from '../datasets/dataset-repository.js';
import { datasetHasJapaneseCaptions } from '../datasets/caption-language-repository.js';
import type { Db } from '../store/database.js';
import { detectLanguage, type LanguageOption } from './caption-language.js';
import { loadJapaneseTokenizer } from './japanese-tokenizer.js';

/**
 * Loads the Japanese analyser (asynchronous, once per process) before synchronous labelling that may meet
 * Japanese text: a dataset with Japanese captions, or captions labelled as Japanese. English-only work
 * never pays its load time.
 */
export async function prepareLabelling(db: Db, datasetName: string): Promise<void> {
  const dataset = requireDataset(db, datasetName);
  if (datasetHasJapaneseCaptions(db, dataset.id)) await loadJapaneseTokenizer();
}

export async function prepareCaptionLabelling(captions: Iterable<string>, lang: LanguageOption): Promise<void> {
  if (lang === 'en') return;
  for (const caption of captions) {
    if (lang === 'ja' || detectLanguage(caption) === 'ja') {
      await loadJapaneseTokenizer();
      return;
    }
  }
}
