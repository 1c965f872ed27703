import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DatasetSource, SourceRecord } from '../datasets/sources/types.js';

/**
 * The embedded demo data: real 64 px emoji images from the `emoji-datasource-google` and
 * `emoji-datasource-twitter` npm packages (images Apache-2.0 and CC BY 4.0 respectively; credited in the
 * app's licences). Apple's and Facebook's sets are not licensed for reuse and are never used.
 *
 * Two views of it:
 * - captions: Google's images, each with a caption made of its Unicode name and short names
 *   ("dog face, dog") — the image–caption pre-training set;
 * - categories: Twitter's images labelled by Unicode category ("Animals & Nature") — the downstream set.
 *   A different art style from the pre-training images, so the evaluation measures transfer, not recall.
 */
export type EmojiSet = 'google' | 'twitter';

interface EmojiEntry {
  name: string | null;
  short_names: string[];
  image: string;
  category: string;
  has_img_google: boolean;
  has_img_twitter: boolean;
}

const require = createRequire(import.meta.url);

export function emojiPackageDir(set: EmojiSet): string {
  return path.dirname(require.resolve(`emoji-datasource-${set}/package.json`));
}

/** "Dog Face" + ["dog"] → "dog face, dog"; "flag-nf" → "flag nf". */
export function emojiCaption(e: Pick<EmojiEntry, 'name' | 'short_names'>): string {
  const parts = [e.name ?? '', ...e.short_names.map((s) => s.replace(/[_-]+/g, ' '))]
    .map((s) => s.toLowerCase().trim())
    .filter((s) => s.length > 0);
  return [...new Set(parts)].join(', ');
}

export function emojiSource(set: EmojiSet, view: 'captions' | 'categories'): DatasetSource {
  const root = emojiPackageDir(set);
  const imageDir = path.join(root, 'img', set, '64');
  const entries = (JSON.parse(readFileSync(path.join(root, 'emoji.json'), 'utf8')) as EmojiEntry[])
    // 'Component' holds skin-tone swatches and hair pieces, not depictions
    .filter((e) => e.category !== 'Component' && (set === 'google' ? e.has_img_google : e.has_img_twitter));
  let done = 0;
  return {
    format: 'emoji',
    root,
    labelled: view === 'categories',
    fractionRead: () => done / entries.length,
    async *records(signal?: AbortSignal): AsyncIterable<SourceRecord> {
      for (const e of entries) {
        if (signal?.aborted) return;
        done++;
        const source = `${set}/64/${e.image}`;
        const image = { path: path.join(imageDir, e.image) };
        if (view === 'categories') yield { kind: 'item', source, image, label: e.category };
        else yield { kind: 'item', source, image, caption: emojiCaption(e) };
      }
    },
  };
}
