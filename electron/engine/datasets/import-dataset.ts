import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { MAX_PIXELS_LIMIT, type ImportProgress, type ImportSummary } from '../../shared/channels.js';
import type { Db } from '../store/database.js';
import { assignStratifiedSplit, datasetStats, ensureDataset } from './dataset-repository.js';
import { DEFAULT_MAX_PIXELS, decodeImage, ImageRejected } from './decode-image.js';
import { ImageCacheWriter } from './image-cache.js';
import { failImport, finishImport, importStatements, startImport } from './import-repository.js';
import { recordImportProvenance } from './provenance-repository.js';
import { trackImport } from './running-imports.js';
import { collectProvenance } from './sources/provenance.js';
import type { DatasetSource, SourceRecord } from './sources/types.js';

export interface ImportOptions {
  name: string;
  imageSize: number;
  maxPixels?: number;
  /** Decodes in flight at once (sharp runs them on libuv's thread pool). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** Milliseconds between progress events. */
  progressEveryMs?: number;
}

/** Summary lists at most this many skipped items; all of them are stored in `import_skips`. */
const SKIPPED_IN_SUMMARY = 10_000;
const FLUSH_ROWS = 2_000;
/** Paths remembered for images already hashed in this import (many captions per image are common). */
const PATH_MEMORY = 200_000;
/** An image file larger than this is skipped before it is read (the same cap as a WebDataset tar member). */
export const MAX_IMAGE_FILE_BYTES = 64 * 1024 * 1024;
/** Captions longer than this are skipped with a reason, never stored (CLIP's tokenizer reads 77 tokens). */
export const MAX_CAPTION_CHARS = 10_000;

interface ImageEntry {
  id?: number;
  sha256: string;
  source: string;
  width: number;
  height: number;
  cacheIndex: number;
}

type ImageOutcome = ImageEntry | { rejected: string };
type ItemRecord = Extract<SourceRecord, { kind: 'item' }>;

interface PendingItem {
  image: ImageEntry;
  caption: string;
  label?: string;
  split: string | null;
  source: string;
}

/**
 * Imports a dataset source into the store: each image is read once, hashed (sha256), de-duplicated by
 * content, decoded once into the dataset's fixed-size RGB cache, and its items written in batched
 * transactions. Bad input never stops the import: every rejected record is kept as a skip with its reason,
 * and every valid one is stored. Re-importing the same source adds nothing.
 */
export async function importDataset(
  db: Db,
  home: string,
  source: DatasetSource,
  opts: ImportOptions,
): Promise<ImportSummary> {
  // Registered for the whole import, so 'datasets:import:cancel' can stop it whoever started it.
  const tracked = trackImport(db, opts.name, opts.signal);
  try {
    return await runImport(db, home, source, { ...opts, signal: tracked.signal });
  } finally {
    tracked.release();
  }
}

async function runImport(db: Db, home: string, source: DatasetSource, opts: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const dataset = ensureDataset(db, {
    name: opts.name,
    kind: source.labelled ? 'labelled' : 'captions',
    format: source.format,
    sourcePath: source.root,
    imageSize: opts.imageSize,
  });
  const importId = startImport(db, dataset.id, source.root, source.format);
  mkdirSync(path.join(home, path.dirname(dataset.cache_file)), { recursive: true });
  const cache = new ImageCacheWriter(path.join(home, dataset.cache_file), dataset.image_size);
  const maxPixels = Math.min(opts.maxPixels ?? DEFAULT_MAX_PIXELS, MAX_PIXELS_LIMIT);
  const concurrency = opts.concurrency ?? 6;

  const q = importStatements(db, dataset.id, importId);

  let nextCacheIndex = q.nextCacheIndex();
  const newImages: ImageEntry[] = [];
  const pendingItems: PendingItem[] = [];
  const pendingSkips: { source: string; reason: string }[] = [];
  const skipped: { source: string; reason: string }[] = [];
  const classIds = new Map<string, number>();
  /** sha256 → image decoded by this import and not yet written (later ones are found in the database). */
  const bySha = new Map<string, Promise<ImageOutcome>>();
  /** file path → image, so a file referenced by many captions is read, hashed and judged once. */
  const byPath = new Map<string, Promise<ImageOutcome>>();
  let skipCount = 0;
  let skipSeq = 0;
  let itemsAdded = 0;
  let imagesAdded = 0;
  let duplicates = 0;
  let processed = 0;

  const skip = (source: string, reason: string) => {
    skipCount++;
    pendingSkips.push({ source, reason });
    if (skipped.length < SKIPPED_IN_SUMMARY) skipped.push({ source, reason });
  };

  const classIdFor = (name: string): number => {
    let id = classIds.get(name) ?? q.classId(name);
    if (id === undefined) id = q.insertClass(name);
    classIds.set(name, id);
    return id;
  };

  const writeRows = db.transaction(() => {
    for (const img of newImages.splice(0)) {
      img.id = q.insertImage(img);
      bySha.delete(img.sha256); // from now on the database answers for it
    }
    for (const it of pendingItems.splice(0)) {
      const classId = it.label === undefined ? null : classIdFor(it.label);
      if (q.insertItem({ imageId: it.image.id!, caption: it.caption, classId, split: it.split, source: it.source }))
        itemsAdded++;
      else if (it.label !== undefined && it.image.source !== it.source) {
        skip(it.source, `duplicate of ${it.image.source}, which is already in the dataset`);
      }
    }
    for (const s of pendingSkips.splice(0)) q.insertSkip(++skipSeq, s.source, s.reason);
  });
  /** The image cache reaches the disk before the commit that references its records. */
  const flush = () => {
    if (newImages.length > 0) cache.sync();
    writeRows();
  };

  /** A record's image bytes, or why they cannot be read. Reads run concurrently. */
  const readBytes = async (rec: ItemRecord): Promise<Buffer | { rejected: string }> => {
    try {
      const bytes = 'path' in rec.image ? await readImageFile(rec.image.path) : rec.image.bytes;
      if ('rejected' in bytes) return bytes;
      return bytes.byteLength === 0 ? { rejected: 'image file is empty' } : bytes;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return {
        rejected:
          code === 'ENOENT'
            ? 'image file not found'
            : code === 'EISDIR'
              ? 'image path is a folder'
              : `cannot read image (${code ?? String(e)})`,
      };
    }
  };

  /**
   * Finds the stored image for a record's bytes — one with the same content, or a newly decoded one.
   * Hashes are registered strictly in record order (reads and decodes still overlap), so which of two
   * identical files counts as the original and which as the duplicate does not depend on I/O timing.
   */
  let registration: Promise<unknown> = Promise.resolve();
  const imageFor = (rec: ItemRecord): Promise<ImageOutcome> => {
    const bytes = readBytes(rec);
    const registered = registration.then(() => register(rec, bytes));
    registration = registered;
    return registered.then((r) => r.outcome);
  };

  /** Wrapped in an object so that awaiting the registration does not wait for the decode. */
  const register = async (
    rec: ItemRecord,
    bytesRead: Promise<Buffer | { rejected: string }>,
  ): Promise<{ outcome: Promise<ImageOutcome> }> => {
    const bytes = await bytesRead;
    if ('rejected' in bytes) return { outcome: Promise.resolve(bytes) };
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const pending = bySha.get(sha256);
    if (pending) return { outcome: pending.then((img) => countDuplicate(img, rec)) };
    const stored = q.imageBySha(sha256);
    if (stored)
      return {
        outcome: Promise.resolve(
          countDuplicate({ id: stored.id, sha256, source: stored.source, width: 0, height: 0, cacheIndex: -1 }, rec),
        ),
      };
    const decoded = (async (): Promise<ImageOutcome> => {
      try {
        const { rgb, width, height } = await decodeImage(bytes, dataset.image_size, maxPixels);
        const img: ImageEntry = { sha256, source: rec.source, width, height, cacheIndex: nextCacheIndex++ };
        cache.write(img.cacheIndex, rgb);
        newImages.push(img);
        imagesAdded++;
        return img;
      } catch (e) {
        bySha.delete(sha256);
        if (e instanceof ImageRejected) return { rejected: e.message };
        throw e;
      }
    })();
    bySha.set(sha256, decoded);
    return { outcome: decoded };
  };

  const countDuplicate = (img: ImageOutcome, rec: ItemRecord): ImageOutcome => {
    if (!('rejected' in img) && img.source !== rec.source) duplicates++;
    return img;
  };

  const processItem = async (rec: ItemRecord) => {
    let outcome: Promise<ImageOutcome>;
    if ('path' in rec.image) {
      const known = byPath.get(rec.image.path);
      outcome = known ?? imageFor(rec);
      if (!known) {
        if (byPath.size >= PATH_MEMORY) byPath.clear();
        byPath.set(rec.image.path, outcome);
      }
    } else {
      outcome = imageFor(rec);
    }
    const img = await outcome;
    if ('rejected' in img) return skip(rec.source, img.rejected);
    if (!source.labelled && !rec.caption?.trim()) return skip(rec.source, 'empty caption');
    if (!source.labelled && rec.caption!.length > MAX_CAPTION_CHARS) {
      return skip(
        rec.source,
        `caption is ${rec.caption!.length} characters, above the ${MAX_CAPTION_CHARS}-character limit`,
      );
    }
    pendingItems.push({
      image: img,
      caption: source.labelled ? '' : rec.caption!.trim(),
      label: source.labelled ? (rec.label ?? '') : undefined,
      split: rec.split ?? (source.labelled ? null : 'train'),
      source: rec.source,
    });
  };

  // Progress: throttled events with a rate and, when the source can tell how far it is, an ETA.
  const progressEvery = opts.progressEveryMs ?? 250;
  let lastProgress = 0;
  const progress = (force = false) => {
    const t = performance.now();
    if (!opts.onProgress || (!force && t - lastProgress < progressEvery)) return;
    lastProgress = t;
    const seconds = (t - started) / 1000;
    const fraction = source.fractionRead?.() ?? null;
    opts.onProgress({
      dataset: dataset.name,
      processed,
      items: itemsAdded + pendingItems.length,
      skipped: skipCount,
      items_per_second: seconds > 0 ? processed / seconds : 0,
      seconds,
      fraction,
      eta_seconds: fraction && fraction > 0.01 ? (seconds * (1 - fraction)) / fraction : null,
    });
  };

  const inFlight = new Set<Promise<void>>();
  let status: 'completed' | 'cancelled' = 'completed';
  try {
    for await (const rec of source.records(opts.signal)) {
      if (opts.signal?.aborted) {
        status = 'cancelled';
        break;
      }
      processed++;
      if (rec.kind === 'skip') {
        skip(rec.source, rec.reason);
      } else {
        const p = processItem(rec).finally(() => inFlight.delete(p));
        inFlight.add(p);
        if (inFlight.size >= concurrency) await Promise.race(inFlight);
      }
      if (pendingItems.length + pendingSkips.length >= FLUSH_ROWS) {
        // images still decoding keep their items pending; everything already resolved is written now
        flush();
      }
      progress();
    }
    if (opts.signal?.aborted) status = 'cancelled';
    await Promise.all(inFlight);
    flush();
    if (source.labelled) assignStratifiedSplit(db, dataset.id);
  } catch (e) {
    await Promise.allSettled(inFlight);
    flush();
    cache.close();
    failImport(db, importId, e instanceof Error ? e.message : String(e), {
      itemsAdded,
      imagesAdded,
      skipped: skipCount,
      duplicates,
    });
    throw e;
  }
  cache.close();
  progress(true);

  const seconds = (performance.now() - started) / 1000;
  finishImport(db, importId, dataset.id, status, { itemsAdded, imagesAdded, skipped: skipCount, duplicates }, seconds);
  // after the import's own time: hashing the files read is bookkeeping, not import speed
  recordImportProvenance(db, importId, await collectProvenance(source));
  const stats = datasetStats(db, dataset);
  const itemRecords = processed - skipCount;
  return {
    dataset: dataset.name,
    import: importId,
    format: source.format,
    items: itemsAdded,
    images: imagesAdded,
    already_present: Math.max(0, itemRecords - itemsAdded),
    duplicates,
    skipped,
    skipped_count: skipCount,
    status,
    seconds,
    images_per_second: seconds > 0 ? imagesAdded / seconds : 0,
    totals: { items: stats.items, images: stats.images, classes: stats.classes },
  };
}

/**
 * A regular file's bytes, checked before reading: a folder, a device or a FIFO (which would block) is
 * refused, and so is a file above MAX_IMAGE_FILE_BYTES, so one huge file cannot take the import's memory.
 */
async function readImageFile(file: string): Promise<Buffer | { rejected: string }> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (info.isDirectory()) return { rejected: 'image path is a folder' };
    if (!info.isFile()) return { rejected: 'image path is not a regular file' };
    if (info.size > MAX_IMAGE_FILE_BYTES)
      return { rejected: `image file is ${info.size} bytes, above the ${MAX_IMAGE_FILE_BYTES}-byte limit` };
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
