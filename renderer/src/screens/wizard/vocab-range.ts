import type { VocabPreview } from '../../api/contract.ts';

/**
 * The min-count range a vocabulary curve (and its slider) shows: well past the reference min-count (the
 * dataset's default, or the vocabulary's own) and past the chosen one, but no further than the counts go —
 * the long tail of rare high counts would squeeze the useful part of the curve into its first pixels.
 */
export function curveXMax(points: VocabPreview['points'], reference: number, chosen: number): number {
  return Math.min(Math.max(2, ...points.map((p) => p.min_count)), Math.max(20, reference * 10, chosen));
}
