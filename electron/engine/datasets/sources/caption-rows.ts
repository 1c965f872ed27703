import { engineNote } from '../../../shared/engine-notes.js';
import type { DatasetFolder } from './safe-path.js';
import type { SourceRecord } from './types.js';

/**
 * What JSONL rows and CSV rows have in common: a reference to an image file plus one or more captions.
 * Both formats accept the same field names (case-insensitive), so a user can switch between them.
 */
export const IMAGE_FIELDS = ['image', 'file', 'path', 'filepath', 'url'] as const;
export const CAPTION_FIELDS = ['caption', 'text', 'title', 'captions'] as const;

/** The first alias (in the order given) that occurs among `names`, compared case-insensitively. */
export function findField(names: readonly string[], aliases: readonly string[]): string | undefined {
  for (const alias of aliases) {
    const found = names.find((name) => name.trim().toLowerCase() === alias);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Trimmed caption, or undefined when it is empty or whitespace only. */
export function cleanCaption(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Records for one row: one item per usable caption (a caption may be an array, one item each), or a
 * skip saying which field is wrong. `image` and `caption` are the raw field values (undefined when the
 * row lacks the field).
 */
export async function captionRowRecords(
  folder: DatasetFolder,
  source: string,
  image: unknown,
  caption: unknown,
): Promise<SourceRecord[]> {
  const skip = (reason: string): SourceRecord[] => [{ kind: 'skip', source, reason }];
  if (image === undefined || image === null)
    return skip(engineNote('skip.missingImageField', { fields: IMAGE_FIELDS.join(', ') }));
  if (typeof image !== 'string') return skip(engineNote('skip.imageFieldNotString', { value: JSON.stringify(image) }));
  if (image.trim() === '') return skip(engineNote('skip.emptyImageField'));
  if (caption === undefined || caption === null) {
    return skip(engineNote('skip.missingCaptionField', { fields: CAPTION_FIELDS.join(', ') }));
  }
  const captions: unknown[] = Array.isArray(caption) ? caption : [caption];
  if (captions.length === 0) return skip(engineNote('skip.emptyCaptionList'));
  if (captions.length === 1 && typeof captions[0] !== 'string') {
    return skip(engineNote('skip.captionNotStringGot', { value: JSON.stringify(captions[0]) }));
  }
  const resolved = await folder.resolveFile(image);
  if (!resolved.ok) return skip(resolved.reason);
  const one = captions.length === 1;
  return captions.map((raw, i): SourceRecord => {
    if (typeof raw !== 'string') {
      const reason = one ? engineNote('skip.captionNotString') : engineNote('skip.captionNotStringAt', { index: i });
      return { kind: 'skip', source, reason };
    }
    const text = cleanCaption(raw);
    return text === undefined
      ? {
          kind: 'skip',
          source,
          reason: one ? engineNote('skip.emptyCaption') : engineNote('skip.emptyCaptionAt', { index: i }),
        }
      : { kind: 'item', source, image: { path: resolved.path }, caption: text };
  });
}
