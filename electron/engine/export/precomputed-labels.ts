import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { noteError } from '../../shared/errors.js';
import type { RunConfig } from '../../shared/training.js';
import { requireDataset } from '../datasets/dataset-repository.js';
import { requireView } from '../datasets/dataset-views.js';
import type { Db } from '../store/database.js';
import { itemClassKeys } from '../vocab/item-class-keys.js';
import { getVocabulary, vocabularySynsetsByCount } from '../vocab/vocabulary-repository.js';
import { corenetSynsetKey } from './corenet.js';
import { labelExportItems } from './precomputed-labels-repository.js';

/**
 * Precomputed per-sample labels for a CoreNet export of a vocabulary CoreNet's own English labeller cannot
 * reproduce (lemma classes, Japanese captions, edited business versions): each caption's class indices as
 * the pilot trained on them, so a CoreNet data loader reads the targets instead of labelling captions.
 *
 * - `classes.json`: the classes in class-index order (the same order as `vocab.pkl`'s keys: most frequent
 *   first), each `{ index, key, name, kind, count }`; `key` is CoreNet's `n<offset>` for a synset, the
 *   class key (`ja:公園`, `custom:NAME`) otherwise.
 * - `labels.jsonl`: one line per caption, `{ sha256, image, source, split, caption, labels }`: the image
 *   file's sha256 (so a loader can match its own files whatever their paths), where the pilot read it, the
 *   item's source, its split, and the multi-hot target as the sorted list of class indices.
 */
export const PRECOMPUTED_FILES = { classes: 'classes.json', labels: 'labels.jsonl' } as const;

export interface PrecomputedLabels {
  files: string[];
  samples: number;
  classes: number;
  /** Captions none of whose classes is in the vocabulary (an all-zero target). */
  unlabelled: number;
}

export function writePrecomputedLabels(
  db: Db,
  out: string,
  vocabularyId: number,
  config: RunConfig,
): PrecomputedLabels {
  const vocab = getVocabulary(db, vocabularyId);
  if (!vocab) throw noteError('not-found', 'export.vocabGone', { id: vocabularyId });
  const dataset = requireDataset(db, config.dataset);
  const entries = vocabularySynsetsByCount(db, vocabularyId).map((r, index) => ({
    index,
    key: r.lemma ?? corenetSynsetKey(r.offset),
    classKey: r.lemma ?? String(r.offset),
    name: r.name,
    kind: r.lemma === null ? 'synset' : 'lemma',
    count: r.count,
  }));
  const indexOf = new Map(entries.map((e) => [e.classKey, e.index]));
  const kept = config.view ? new Set(requireView(db, dataset, config.view.name).itemIds) : null;
  const keysOf = itemClassKeys(db, vocab);
  const lines: string[] = [];
  let unlabelled = 0;
  for (const item of labelExportItems(db, dataset.id)) {
    if (kept && !kept.has(item.id)) continue;
    const labels = [
      ...new Set(
        keysOf(item.id, item.caption)
          .map((k) => indexOf.get(k))
          .filter((i) => i !== undefined),
      ),
    ].sort((a, b) => a - b);
    if (labels.length === 0) unlabelled++;
    lines.push(
      JSON.stringify({
        sha256: item.sha256,
        image: item.image_source,
        source: item.source,
        split: item.split,
        caption: item.caption,
        labels,
      }),
    );
  }
  const classesFile = path.join(out, PRECOMPUTED_FILES.classes);
  const labelsFile = path.join(out, PRECOMPUTED_FILES.labels);
  writeFileSync(
    classesFile,
    `${JSON.stringify(
      entries.map(({ classKey: _, ...e }) => e),
      null,
      1,
    )}\n`,
  );
  writeFileSync(labelsFile, lines.length ? `${lines.join('\n')}\n` : '');
  return { files: [classesFile, labelsFile], samples: lines.length, classes: entries.length, unlabelled };
}
