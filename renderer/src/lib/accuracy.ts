import type { Response } from '../api/contract.ts';

export type Evaluation = Response<'eval:list'>[number];

/** One row of the accuracy table: a (dataset, method, init, fraction) with each run's latest evaluation. */
export interface AccuracyRow {
  key: string;
  dataset: string;
  method: Evaluation['method'];
  init: Evaluation['init'];
  fraction: number;
  catlip: Evaluation | null;
  baseline: Evaluation | null;
}

const METHOD_ORDER = ['linear-probe', 'finetune', 'zero-shot'];
const INIT_ORDER = ['random', 'transfer', 'none'];

/** Groups the evaluations of two runs so that CatLIP and the baseline sit side by side; the latest one wins. */
export function accuracyRows(evaluations: readonly Evaluation[], catlip: number, baseline: number): AccuracyRow[] {
  const rows = new Map<string, AccuracyRow>();
  for (const e of [...evaluations].sort((a, b) => a.evaluation - b.evaluation)) {
    const side = e.run === catlip ? 'catlip' : e.run === baseline ? 'baseline' : null;
    if (!side) continue;
    const key = `${e.dataset}|${e.method}|${e.init}|${e.fraction}`;
    const row = rows.get(key) ?? {
      key,
      dataset: e.dataset,
      method: e.method,
      init: e.init,
      fraction: e.fraction,
      catlip: null,
      baseline: null,
    };
    row[side] = e;
    rows.set(key, row);
  }
  return [...rows.values()].sort(
    (a, b) =>
      a.dataset.localeCompare(b.dataset) ||
      METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method) ||
      INIT_ORDER.indexOf(a.init) - INIT_ORDER.indexOf(b.init) ||
      b.fraction - a.fraction,
  );
}

/** Label shares the plan fine-tunes at: the paper's 1% and 10% semi-supervised settings. */
export const PLAN_FINETUNE_FRACTIONS = [0.01, 0.1] as const;
/** Fine-tune epochs in the plan: half the recipe's 10, so the whole plan stays within a CPU pilot's budget. */
export const PLAN_FINETUNE_EPOCHS = 5;

/**
 * The evaluations "Evaluate" runs, in table order: the linear probe from a random head for both runs and from
 * Transfer Init for CatLIP (converged, the two must agree); fine-tuning at 1% and 10% of the labels from a
 * random head for both and from Transfer Init for CatLIP (where the start matters); zero-shot for both
 * (CatLIP's synset scores with the engine's default correction, CLIP's prompt ensemble). Transfer Init is
 * CatLIP's alone: a CLIP run has no synset classifier to start from.
 */
export function evaluationPlan(catlip: number, baseline: number, dataset: string) {
  const finetunes = PLAN_FINETUNE_FRACTIONS.flatMap(
    (fraction) =>
      [
        { run: catlip, dataset, method: 'finetune', init: 'random', fraction, epochs: PLAN_FINETUNE_EPOCHS },
        { run: baseline, dataset, method: 'finetune', init: 'random', fraction, epochs: PLAN_FINETUNE_EPOCHS },
        { run: catlip, dataset, method: 'finetune', init: 'transfer', fraction, epochs: PLAN_FINETUNE_EPOCHS },
      ] as const,
  );
  return [
    { run: catlip, dataset, method: 'linear-probe', init: 'random' },
    { run: baseline, dataset, method: 'linear-probe', init: 'random' },
    { run: catlip, dataset, method: 'linear-probe', init: 'transfer' },
    ...finetunes,
    { run: catlip, dataset, method: 'zero-shot' },
    { run: baseline, dataset, method: 'zero-shot' },
  ] as const;
}

/**
 * CatLIP's converged linear probes from a random head and from Transfer Init on one dataset: their top-1s
 * and whether they agree (the same number of test items right). The objective is convex, so they should; a gap means one
 * did not converge.
 */
export function probeAgreement(
  rows: readonly AccuracyRow[],
): { dataset: string; random: number; transfer: number; equal: boolean }[] {
  const out: { dataset: string; random: number; transfer: number; equal: boolean }[] = [];
  for (const r of rows) {
    if (r.method !== 'linear-probe' || r.init !== 'transfer' || !r.catlip) continue;
    const random = rows.find(
      (o) => o.method === 'linear-probe' && o.init === 'random' && o.dataset === r.dataset && o.fraction === r.fraction,
    )?.catlip;
    if (!random) continue;
    const tolerance = 1 / Math.max(1, r.catlip.test_items) / 2;
    out.push({
      dataset: r.dataset,
      random: random.top1,
      transfer: r.catlip.top1,
      equal: Math.abs(random.top1 - r.catlip.top1) <= tolerance,
    });
  }
  return out;
}
