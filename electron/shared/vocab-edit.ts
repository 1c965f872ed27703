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
