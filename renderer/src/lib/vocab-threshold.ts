import type { VocabSummary } from '../api/contract.ts';
import { fmt, t, type MessageKey } from '../i18n/index.svelte.ts';

/** Which paper threshold a vocabulary's min-count is (CC3M's or DataComp's V_tau = 500, scaled), in words. */
export function thresholdText(v: Pick<VocabSummary, 'threshold' | 'min_count' | 'captions'>): string {
  return t(`vocab.threshold.${v.threshold ?? 'custom'}` as MessageKey, {
    n: v.min_count,
    captions: fmt.integer(v.captions),
  });
}
