import { z } from 'zod';

/**
 * A dataset view: quality filters saved under a name, with the items they keep frozen at creation, so a
 * run trained on the view is reproducible even after more data is imported. Shared by the channels, the
 * run config (which records the view a run trained on) and the report.
 */
export const ViewName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'use 1-64 letters, digits, ".", "_" or "-"');

export const DatasetViewFiltersSchema = z
  .object({
    /** Drop captions that give no class at all (no synset, no lemma class) in the view's labelling mode. */
    dropNoClass: z.boolean().default(false),
    /** Keep only captions in these languages (as `auto` labelling detects them); absent: all. */
    languages: z
      .array(z.enum(['en', 'ja']))
      .min(1)
      .optional(),
    /** Keep captions of at least / at most this many characters. */
    minLength: z.number().int().min(0).optional(),
    maxLength: z.number().int().min(0).optional(),
    /** Drop near-duplicate images (perceptual hash), keeping the first image of each group. */
    dropNearDuplicates: z.boolean().default(false),
  })
  .refine((f) => f.minLength === undefined || f.maxLength === undefined || f.minLength <= f.maxLength, {
    message: 'minLength must not be above maxLength',
    path: ['maxLength'],
  });
export type DatasetViewFilters = z.output<typeof DatasetViewFiltersSchema>;

/** What a dataset (or a view of it) holds: items, captions, images, training items, and its classes. */
export const ViewCoverageSchema = z.object({
  items: z.number().int(),
  captions: z.number().int(),
  images: z.number().int(),
  train_items: z.number().int(),
  /** Distinct classes (synsets and lemma classes) the captions give in the view's mode. */
  classes: z.number().int(),
  /** Share of captions that give at least one class. */
  class_coverage: z.number(),
});
export type ViewCoverage = z.output<typeof ViewCoverageSchema>;

export const DatasetViewSchema = z.object({
  dataset: z.string(),
  name: z.string(),
  mode: z.enum(['paper', 'corenet']),
  filters: DatasetViewFiltersSchema,
  before: ViewCoverageSchema,
  after: ViewCoverageSchema,
  /** null for a preview that was not saved. */
  created_at: z.string().nullable(),
});
export type DatasetView = z.output<typeof DatasetViewSchema>;

/** What a run records of the view it trained on. */
export const RunViewSchema = z.object({
  name: z.string(),
  mode: z.enum(['paper', 'corenet']),
  filters: DatasetViewFiltersSchema,
});
export type RunView = z.output<typeof RunViewSchema>;

/** The filters as short English phrases (CLI, report); an empty list means the view keeps everything. */
export function describeFilters(f: DatasetViewFilters): string[] {
  const out: string[] = [];
  if (f.dropNoClass) out.push('captions without a class dropped');
  if (f.languages) out.push(`languages: ${f.languages.join(', ')}`);
  if (f.minLength !== undefined || f.maxLength !== undefined)
    out.push(`caption length ${f.minLength ?? 0}–${f.maxLength ?? '∞'} characters`);
  if (f.dropNearDuplicates) out.push('near-duplicate images dropped (one kept per group)');
  return out;
}
