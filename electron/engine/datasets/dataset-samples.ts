import path from 'node:path';
import sharp from 'sharp';
import type { Request, Response } from '../../shared/channels.js';
import { createLabeler } from '../labeling/labeler.js';
import type { LocatingLabeler } from '../labeling/types.js';
import type { Db } from '../store/database.js';
import { countItems, itemPage, requireDataset } from './dataset-repository.js';
import { defaultVocabulary } from './default-vocabulary.js';
import { ImageCacheReader } from './image-cache.js';

type SamplesResponse = Response<'datasets:samples'>;
type Sample = SamplesResponse['samples'][number];

/** Labellers are costly to build (wink-nlp, WordNet indexes): one per mode for the engine's lifetime. */
const labelers = new Map<string, LocatingLabeler>();
function labelerFor(mode: Request<'datasets:samples'>['mode']): LocatingLabeler {
  let labeler = labelers.get(mode);
  if (!labeler) labelers.set(mode, (labeler = createLabeler(mode, { cache: false })));
  return labeler;
}

/**
 * A page of a dataset's items for the gallery, in import order (by primary key): the cached image as a PNG
 * data URL, and for captions the spans of the words that became synsets, each marked as a training label
 * (in the default vocabulary of the mode) or not. Labelled sets show their class name as the caption.
 */
export async function datasetSamples(db: Db, home: string, req: Request<'datasets:samples'>): Promise<SamplesResponse> {
  const dataset = requireDataset(db, req.dataset);
  const total = countItems(db, dataset.id);
  const rows = itemPage(db, dataset.id, req.limit, req.offset);

  const labelled = dataset.kind === 'labelled';
  const vocabulary = labelled ? undefined : defaultVocabulary(db, dataset.id, req.mode);
  const labeler = labelled ? undefined : labelerFor(req.mode);
  const cache = rows.length ? new ImageCacheReader(path.join(home, dataset.cache_file)) : undefined;
  try {
    const samples: Sample[] = [];
    for (const row of rows) {
      const spans = (labeler?.locate(row.caption) ?? []).map((s) => ({
        start: s.start,
        end: s.end,
        synset: s.name,
        offset: s.offset,
        in_vocabulary: vocabulary?.offsets.has(Number(s.offset.slice(1))) ?? false,
      }));
      samples.push({
        item: row.id,
        caption: labelled ? (row.class_name ?? '') : row.caption,
        class_name: labelled ? (row.class_name ?? '') : null,
        thumbnail: await thumbnail(cache!, row.cache_index),
        spans,
      });
    }
    return { dataset: dataset.name, total, vocabulary: vocabulary?.id ?? null, samples };
  } finally {
    cache?.close();
  }
}

/** The cached RGB record as a PNG data URL (lossless, and small at cache sizes of 32–256 px). */
async function thumbnail(cache: ImageCacheReader, index: number): Promise<string> {
  // A record missing from the cache (file cut short) shows as an empty tile rather than failing the page.
  if (index < 0 || index >= cache.count) return '';
  const rgb = cache.read(index);
  const png = await sharp(rgb, { raw: { width: cache.size, height: cache.size, channels: 3 } })
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}
