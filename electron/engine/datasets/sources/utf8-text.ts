import { createReadStream } from 'node:fs';
import type { ReadProgress } from './read-progress.js';
import { engineNote } from '../../../shared/engine-notes.js';

/**
 * Strict UTF-8 for dataset text. A lenient decoder would silently turn Latin-1 or binary garbage into
 * U+FFFD and import a wrong caption; users need to hear which line was not UTF-8 instead.
 */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of `bytes`, or undefined when they are not valid UTF-8. A leading byte-order mark is dropped. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Longer lines are reported and dropped instead of buffered: one runaway line must not exhaust memory. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

export type TextLine =
  /** `text` has no line terminator (`\n` or `\r\n`). */
  { lineNo: number; text: string } | { lineNo: number; text?: undefined; problem: string };

/**
 * Streams the lines of a text file with 1-based line numbers, validating UTF-8 line by line, so one bad
 * line costs one line, not the file. Memory stays at one chunk plus one line, whatever the file size.
 */
export async function* readUtf8Lines(
  file: string,
  {
    signal,
    progress,
    maxLineBytes = MAX_LINE_BYTES,
  }: { signal?: AbortSignal; progress?: ReadProgress; maxLineBytes?: number } = {},
): AsyncGenerator<TextLine> {
  const stream = createReadStream(file, { highWaterMark: 1 << 16 });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let lineNo = 0;
  const finishLine = (tail: Buffer): TextLine => {
    lineNo++;
    const line: TextLine = tooLong
      ? { lineNo, problem: engineNote('line.tooLong', { bytes: maxLineBytes }) }
      : decodeLine(lineNo, pending.length === 0 ? tail : Buffer.concat([...pending, tail]));
    pending = [];
    pendingBytes = 0;
    tooLong = false;
    return line;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) return;
      if (progress) progress.done += chunk.length;
      let start = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        yield finishLine(chunk.subarray(start, nl));
        if (signal?.aborted) return;
        start = nl + 1;
      }
      if (start < chunk.length && !tooLong) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > maxLineBytes) {
          tooLong = true;
          pending = [];
        }
      }
    }
    // A last line without a trailing newline is still a line.
    if (pendingBytes > 0) yield finishLine(Buffer.alloc(0));
  } finally {
    stream.destroy();
  }
}

function decodeLine(lineNo: number, bytes: Buffer): TextLine {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
  const text = decodeUtf8(bytes.subarray(0, end));
  return text === undefined ? { lineNo, problem: engineNote('line.notUtf8') } : { lineNo, text };
}
