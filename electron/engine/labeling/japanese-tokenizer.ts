import { createRequire } from 'node:module';
import path from 'node:path';
import kuromoji, { type IpadicFeatures, type Tokenizer } from 'kuromoji';
import { EngineError } from '../../shared/errors.js';

export type JapaneseTokenizer = Tokenizer<IpadicFeatures>;
export type JapaneseToken = IpadicFeatures;

let loaded: JapaneseTokenizer | undefined;
let loading: Promise<JapaneseTokenizer> | undefined;

/** kuromoji's IPADIC dictionary ships inside the package (`kuromoji/dict`); found from the package itself. */
function dictionaryPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
}

/**
 * Loads kuromoji (IPADIC, ~3 s on the 2-core dev box) once per process. kuromoji only loads
 * asynchronously; labelling stays synchronous, so every path that may meet a Japanese caption awaits this
 * first and then uses japaneseTokenizer().
 */
export function loadJapaneseTokenizer(): Promise<JapaneseTokenizer> {
  if (loaded) return Promise.resolve(loaded);
  loading ??= new Promise<JapaneseTokenizer>((resolve, reject) => {
    kuromoji.builder({ dicPath: dictionaryPath() }).build((error, tokenizer) => {
      if (error) {
        loading = undefined;
        reject(
          new EngineError('io', `the Japanese analyser (kuromoji) could not load its dictionary: ${error.message}`),
        );
        return;
      }
      loaded = tokenizer;
      resolve(tokenizer);
    });
  });
  return loading;
}

/** The loaded tokenizer; a caller that skipped loadJapaneseTokenizer() gets a clear error, not a wrong label. */
export function japaneseTokenizer(): JapaneseTokenizer {
  if (!loaded)
    throw new EngineError(
      'internal',
      'the Japanese analyser is not loaded yet (await loadJapaneseTokenizer() before labelling Japanese captions)',
    );
  return loaded;
}
