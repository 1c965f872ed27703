import { engineNote } from '../../../shared/engine-notes.js';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { cleanCaption } from './caption-rows.js';
import { ProvenanceCollector } from './provenance.js';
import { topLevelArrayElements } from './coco-json-stream.js';
import { hasImageExtension } from './image-extensions.js';
import { LOOKAHEAD, mapAhead } from './map-ahead.js';
import { ReadProgress } from './read-progress.js';
import { DatasetFolder, statUserPath } from './safe-path.js';
import { sortedEntries } from './sorted-entries.js';
import type { DatasetSource, SourceRecord } from './types.js';
import { noteError } from '../../../shared/errors.js';

/**
 * COCO Captions: `annotations/captions_<split>.json` holding `images` (id → file_name) and
 * `annotations` (image_id + caption), images in the sibling folder named after the split (`train2017/`)
 * or next to the JSON. Given the dataset folder, every captions file (every split) is read.
 */
export async function openCocoSource(p: string): Promise<DatasetSource> {
  const root = path.resolve(p);
  const info = await statUserPath(root);
  const files = info.isFile() ? [root] : await findCaptionFiles(root);
  if (files.length === 0) {
    throw noteError('invalid-data', 'import.noCocoCaptions', { root }, { file: root });
  }
  let total = 0;
  for (const file of files) total += (await requireJsonObject(file)).size;
  // Progress counts the second pass over each file, the one that yields the items.
  let progress = new ReadProgress(total);
  let declared = new ProvenanceCollector();
  return {
    format: 'coco',
    root,
    labelled: false,
    async *records(signal) {
      progress = new ReadProgress(total);
      declared = new ProvenanceCollector();
      for (const file of files) {
        if (signal?.aborted) return;
        declared.file(file);
        yield* captionFileRecords(file, progress, declared, signal);
      }
    },
    fractionRead: () => progress.fraction(),
    provenance: () => declared.snapshot(),
  };
}

export const CAPTION_FILE = /^captions_.+\.json$/i;

/** `annotations/captions_*.json`, or `captions_*.json` lying in the folder itself; sorted. */
export async function findCaptionFiles(dir: string): Promise<string[]> {
  for (const folder of [path.join(dir, 'annotations'), dir]) {
    const entries = await sortedEntries(folder).catch(() => []);
    const files = entries.filter((e) => !e.isDirectory() && CAPTION_FILE.test(e.name));
    if (files.length > 0) return files.map((e) => path.join(folder, e.name));
  }
  return [];
}

/** A file that does not even start like a JSON object is the wrong file, not a file with bad entries. */
async function requireJsonObject(file: string): Promise<{ size: number }> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const start = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    if (!start.startsWith('{')) {
      throw noteError(
        'invalid-data',
        'import.cocoNotObject',
        { file, start: JSON.stringify(start.slice(0, 20)) },
        { file, line: 1 },
      );
    }
    return { size: (await handle.stat()).size };
  } finally {
    await handle.close();
  }
}

/** `captions_train2017.json` → `train2017`. */
function splitFolderName(file: string): string {
  return path
    .basename(file)
    .replace(/^captions_/i, '')
    .replace(/\.json$/i, '');
}

function splitOf(name: string): 'train' | 'val' | 'test' | undefined {
  const lower = name.toLowerCase();
  if (lower.includes('train')) return 'train';
  if (lower.includes('val')) return 'val';
  if (lower.includes('test')) return 'test';
  return undefined;
}

/**
 * Where the images of a captions file are: the folder named after the split next to `annotations/`
 * (COCO's own layout), below it or under `images/`, or else the JSON's own folder.
 * `dedicated` says the folder holds only this split, so its uncaptioned files are worth reporting.
 */
async function findImageFolder(file: string): Promise<{ dir: string; dedicated: boolean }> {
  const jsonDir = path.dirname(file);
  const datasetDir = path.basename(jsonDir).toLowerCase() === 'annotations' ? path.dirname(jsonDir) : jsonDir;
  const split = splitFolderName(file);
  const candidates = [path.join(datasetDir, split), path.join(jsonDir, split), path.join(datasetDir, 'images', split)];
  for (const dir of candidates) {
    if ((await stat(dir).catch(() => undefined))?.isDirectory()) return { dir, dedicated: true };
  }
  return { dir: jsonDir, dedicated: false };
}

type ImageId = number | string;

async function* captionFileRecords(
  file: string,
  progress: ReadProgress,
  declared: ProvenanceCollector,
  signal?: AbortSignal,
): AsyncGenerator<SourceRecord> {
  const name = path.basename(file);
  const split = splitOf(splitFolderName(file));
  const imageFolder = await findImageFolder(file);
  const folder = await DatasetFolder.open(imageFolder.dir);
  const shown = (fileName: string) => `${path.basename(imageFolder.dir)}/${fileName}`;

  // Pass 1: the small `images` table and which images have captions, wherever they sit in the file.
  const images = new Map<ImageId, string>();
  const captioned = new Set<ImageId>();
  const sections = new Set<string>();
  for await (const { key, index, value } of topLevelArrayElements(
    file,
    new Set(['images', 'annotations', 'licenses']),
    signal,
  )) {
    sections.add(key);
    const entry = asObject(value);
    // COCO's own licence table ({ id, name, url }) and each image's download URL
    if (key === 'licenses') {
      declared.licence(entry?.name, `${name} licenses`, entry?.url);
      continue;
    }
    declared.url(entry?.coco_url ?? entry?.flickr_url ?? entry?.url);
    if (key === 'annotations') {
      if (entry !== undefined && isImageId(entry.image_id)) captioned.add(entry.image_id);
      continue;
    }
    if (entry !== undefined && isImageId(entry.id) && typeof entry.file_name === 'string' && entry.file_name !== '') {
      images.set(entry.id, entry.file_name);
    } else {
      yield { kind: 'skip', source: `${name}:images[${index}]`, reason: engineNote('skip.cocoImageWithoutId') };
    }
  }
  if (signal?.aborted) return;
  if (!sections.has('annotations'))
    throw noteError('invalid-data', 'import.cocoNoAnnotations', { file }, { file, field: 'annotations' });

  // Pass 2: one item per caption annotation, in file order.
  const annotationRecord = async ({ index, value }: { index: number; value: unknown }): Promise<SourceRecord> => {
    const entry = asObject(value);
    const source = `${name}:annotation ${entry !== undefined && isImageId(entry.id) ? entry.id : `[${index}]`}`;
    const skip = (reason: string): SourceRecord => ({ kind: 'skip', source, reason });
    if (entry === undefined) return skip(engineNote('skip.annotationNotObject'));
    const fileName = isImageId(entry.image_id) ? images.get(entry.image_id) : undefined;
    if (fileName === undefined)
      return skip(engineNote('skip.imageIdNotInImages', { id: JSON.stringify(entry.image_id) }));
    if (typeof entry.caption !== 'string')
      return skip(
        entry.caption === undefined ? engineNote('skip.missingCaption') : engineNote('skip.captionNotString'),
      );
    const caption = cleanCaption(entry.caption);
    if (caption === undefined) return skip(engineNote('skip.emptyCaption'));
    const resolved = await folder.resolveFile(fileName);
    if (!resolved.ok) return skip(resolved.reason);
    return { kind: 'item', source: shown(fileName), image: { path: resolved.path }, caption, ...(split && { split }) };
  };
  const annotations = topLevelArrayElements(file, new Set(['annotations']), signal, progress);
  for await (const record of mapAhead(annotations, LOOKAHEAD, annotationRecord)) {
    yield record;
    if (signal?.aborted) return;
  }
  if (signal?.aborted) return;

  // Images without any caption are not items, but the user should see that they were left out.
  for (const [id, fileName] of images) {
    if (!captioned.has(id))
      yield {
        kind: 'skip',
        source: shown(fileName),
        reason: engineNote('skip.noAnnotation', { id, file: name }),
      };
  }
  if (!imageFolder.dedicated) return;
  const listed = new Set([...images.values()].map((f) => path.normalize(f)));
  for (const entry of await sortedEntries(imageFolder.dir)) {
    if (signal?.aborted) return;
    if (!entry.isDirectory() && hasImageExtension(entry.name) && !listed.has(entry.name)) {
      yield { kind: 'skip', source: shown(entry.name), reason: engineNote('skip.notListed', { file: name }) };
    }
  }
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function isImageId(value: unknown): value is ImageId {
  return typeof value === 'number' || (typeof value === 'string' && value !== '');
}
