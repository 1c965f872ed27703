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
    const row = rows.get(key) ?? { key, dataset: e.dataset, method: e.method, init: e.init, fraction: e.fraction, catlip: null, baseline: null };
    row[side] = e;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) =>
    a.dataset.localeCompare(b.dataset) || METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method)
    || INIT_ORDER.indexOf(a.init) - INIT_ORDER.indexOf(b.init) || b.fraction - a.fraction);
}

/** The evaluations "Evaluate" runs: linear probe random for both, Transfer Init for CatLIP only, zero-shot for both. */
export function evaluationPlan(catlip: number, baseline: number, dataset: string) {
  return [
    { run: catlip, dataset, method: 'linear-probe', init: 'random' },
    { run: baseline, dataset, method: 'linear-probe', init: 'random' },
    { run: catlip, dataset, method: 'linear-probe', init: 'transfer' },
    { run: catlip, dataset, method: 'zero-shot' },
    { run: baseline, dataset, method: 'zero-shot' },
  ] as const;
}
