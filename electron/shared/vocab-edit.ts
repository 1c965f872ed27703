import { z } from 'zod';

/**
 * Business vocabulary edits. A class reference is a synset name (`car.n.01`), a lemma class (`ja:戸棚`,
 * `en:ourbrand`), a custom class (`custom:自社製品`) or a plain word in either language (`写真`, `photo`),
 * which stands for every class the labeller makes of that word.
 */
const ClassRef = z.string().trim().min(1).max(200);

export const VocabEditSchema = z.discriminatedUnion('op', [
  /** Captions whose class is `term` get the synset instead (a product name → its WordNet kind). */
  z.object({ op: z.literal('map'), term: ClassRef, synset: ClassRef }),
  /** The classes become one: `into` (car.n.01 + auto → car.n.01). */
  z.object({ op: z.literal('merge'), classes: z.array(ClassRef).min(1).max(100), into: ClassRef }),
  /** A class of the business's own, given to captions that hold any trigger (a class or a phrase). */
  z.object({
    op: z.literal('custom'),
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[^\s:]+$/, 'no spaces or colons'),
    triggers: z.array(ClassRef).min(1).max(100),
  }),
  /** Generic classes dropped from every caption ("photo", "image", "写真"). */
  z.object({ op: z.literal('stop'), classes: z.array(ClassRef).min(1).max(500) }),
]);
export type VocabEdit = z.infer<typeof VocabEditSchema>;

export const VocabEditRequestSchema = z.object({
  /** The vocabulary edited; it stays as it is (runs point at it), the edit makes a new version. */
  vocabulary: z.number().int().positive(),
  edits: z.array(VocabEditSchema).min(1).max(500),
  top: z.number().int().min(0).max(1000).default(20),
});

/** One point of a vocabulary curve: the classes kept at a min-count, and what they cover. */
export const VocabCurvePointSchema = z.object({
  min_count: z.number().int(),
  size: z.number().int(),
  coverage: z.number(),
  labels_per_caption: z.number(),
});

/** The curve of a vocabulary version with edits not saved yet (none: the version as it is). */
export const VocabEditPreviewRequestSchema = z.object({
  vocabulary: z.number().int().positive(),
  edits: z.array(VocabEditSchema).max(500).default([]),
});

const VocabFiguresSchema = z.object({
  /** Classes kept at the version's min-count (and max size). */
  size: z.number().int(),
  /** Share of training captions with at least one kept class. */
  coverage: z.number(),
});

export const VocabEditPreviewSchema = VocabFiguresSchema.extend({
  vocabulary: z.number().int(),
  dataset: z.string(),
  min_count: z.number().int(),
  max_size: z.number().int().nullable(),
  captions: z.number().int(),
  /** The edits not saved yet that these figures apply (0: the version as saved). */
  pending_edits: z.number().int(),
  /** Classes vs min-count with the edits applied (custom classes are kept at every min-count, as saving keeps them). */
  points: z.array(VocabCurvePointSchema),
  /** The version as saved, before these edits. */
  base: VocabFiguresSchema,
});
