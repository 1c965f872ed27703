import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream';
import Assembler from 'stream-json/assembler.js';
import { parser } from 'stream-json';
import type { ReadProgress } from './read-progress.js';
import { errorText } from './safe-path.js';
import { noteError } from '../../../shared/errors.js';

/**
 * Streams the elements of chosen top-level arrays of a JSON object file (`images`, `annotations` of a
 * COCO file), one element at a time, in file order. A captions file can be ~100 MB; JSON.parse would
 * need several times that, while this holds one element. Everything else in the file is skipped.
 */
export async function* topLevelArrayElements(
  file: string,
  keys: ReadonlySet<string>,
  signal?: AbortSignal,
  progress?: ReadProgress,
): AsyncGenerator<{ key: string; index: number; value: unknown }> {
  const input = createReadStream(file);
  if (progress) input.on('data', (chunk) => (progress.done += chunk.length));
  const tokens = parser.asStream({ packValues: true, streamValues: false });
  pipeline(input, tokens, () => {});
  let depth = 0; // nesting depth before the current token
  let topKey: string | undefined;
  let array: string | undefined; // the chosen array we are inside
  let index = 0;
  let element: Assembler | undefined;
  try {
    for await (const token of tokens as AsyncIterable<Token>) {
      if (element !== undefined) {
        element.consume(token);
        if (element.done) {
          yield { key: array!, index: index++, value: element.current };
          element = undefined;
          if (signal?.aborted) return;
        }
        continue;
      }
      const opens = token.name === 'startObject' || token.name === 'startArray';
      if (depth === 0 && token.name !== 'startObject')
        throw noteError('invalid-data', 'import.jsonTopLevel', {}, { file });
      if (depth === 2 && array !== undefined && token.name !== 'endArray') {
        if (opens) {
          element = new Assembler();
          element.consume(token);
        } else {
          yield { key: array, index: index++, value: primitiveValue(token) };
        }
        continue;
      }
      if (depth === 1 && token.name === 'keyValue') topKey = token.value;
      if (depth === 1 && token.name === 'startArray' && topKey !== undefined && keys.has(topKey)) {
        array = topKey;
        index = 0;
      }
      if (opens) depth++;
      else if (token.name === 'endObject' || token.name === 'endArray') {
        depth--;
        if (depth === 1) array = undefined;
      }
    }
  } catch (err) {
    // a file system failure stays one ('io'); anything else the parser met is a fault of the file's content
    const io =
      typeof (err as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((err as NodeJS.ErrnoException).code!);
    throw noteError(
      io ? 'io' : 'invalid-data',
      'import.jsonUnreadable',
      { file: path.basename(file), detail: errorText(err) },
      { file },
    );
  } finally {
    input.destroy();
    tokens.destroy();
  }
}

type Token = parser.Token;

function primitiveValue(token: Token): unknown {
  switch (token.name) {
    case 'stringValue':
      return token.value;
    case 'numberValue':
      return Number(token.value);
    case 'trueValue':
      return true;
    case 'falseValue':
      return false;
    default:
      return null;
  }
}
