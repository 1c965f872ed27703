import type { RunSummary } from '../api/contract.ts';

/** CatLIP runs, newest first. */
export function catlipRunsOf(runs: readonly RunSummary[]): RunSummary[] {
  return runs.filter((r) => r.objective === 'catlip').sort((a, b) => b.run - a.run);
}

/** CLIP and SuperClass runs (the baselines), newest first. */
export function baselineRunsOf(runs: readonly RunSummary[]): RunSummary[] {
  return runs.filter((r) => r.objective !== 'catlip').sort((a, b) => b.run - a.run);
}

/** The wanted run if the list has it, else the latest completed one, else the latest: the default selection. */
export function pickRun(list: readonly RunSummary[], wanted: number | null): number | null {
  return (
    (wanted !== null && list.some((r) => r.run === wanted) ? wanted : null) ??
    list.find((r) => r.status === 'completed')?.run ??
    list[0]?.run ??
    null
  );
}
