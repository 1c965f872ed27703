import path from 'node:path';
import { CAPTION_FIELDS, IMAGE_FIELDS, captionRowRecords, findField } from './caption-rows.js';
import { LOOKAHEAD, mapAhead } from './map-ahead.js';
import { ReadProgress } from './read-progress.js';
import { DatasetFolder, errorText, statUserPath } from './safe-path.js';
import type { DatasetSource, SourceRecord } from './types.js';
import { readUtf8Lines, type TextLine } from './utf8-text.js';
import { engineNote } from '../../../shared/engine-notes.js';

/**
 * JSON Lines of `{"image": "imgs/1.jpg", "caption": "…"}` (aliases in caption-rows.ts). Image paths are
 * relative to the JSONL file's folder, which is also the boundary no path may leave.
 */
export async function openJsonlSource(file: string, imageRoots: readonly string[] = []): Promise<DatasetSource> {
  const root = path.resolve(file);
  const folder = await DatasetFolder.open(path.dirname(root), imageRoots, true);
  let progress = new ReadProgress((await statUserPath(root, 'file')).size);
  return {
    format: 'jsonl',
    root,
    labelled: false,
    records(signal) {
      progress = new ReadProgress(progress.total);
      return jsonlRecords(root, folder, progress, signal);
    },
    fractionRead: () => progress.fraction(),
  };
}

async function* jsonlRecords(
  file: string,
  folder: DatasetFolder,
  progress: ReadProgress,
  signal?: AbortSignal,
): AsyncGenerator<SourceRecord> {
  const name = path.basename(file);
  const lines = readUtf8Lines(file, { signal, progress });
  for await (const records of mapAhead(lines, LOOKAHEAD, (line) => lineRecords(folder, name, line))) {
    yield* records;
    if (signal?.aborted) return;
  }
}

async function lineRecords(folder: DatasetFolder, name: string, line: TextLine): Promise<SourceRecord[]> {
  const source = `${name}:${line.lineNo}`;
  if (line.text === undefined) return [{ kind: 'skip', source, reason: line.problem }];
  if (line.text.trim() === '') return []; // blank lines separate nothing in JSONL; not worth a message
  let row: unknown;
  try {
    row = JSON.parse(line.text);
  } catch (err) {
    return [{ kind: 'skip', source, reason: engineNote('skip.invalidJson', { detail: errorText(err) }) }];
  }
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    return [{ kind: 'skip', source, reason: engineNote('skip.notJsonObject') }];
  }
  const fields = row as Record<string, unknown>;
  const keys = Object.keys(fields);
  const imageKey = findField(keys, IMAGE_FIELDS);
  const captionKey = findField(keys, CAPTION_FIELDS);
  return captionRowRecords(
    folder,
    source,
    imageKey === undefined ? undefined : fields[imageKey],
    captionKey === undefined ? undefined : fields[captionKey],
  );
}
