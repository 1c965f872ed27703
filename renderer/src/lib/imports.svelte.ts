import type { ImportSummary } from '../api/contract.ts';

/**
 * Results of the imports done in this session (the Datasets screen shows their skipped items, including
 * those of the demo import started on Home). Latest first, one per dataset.
 */
const state = $state<{ results: ImportSummary[] }>({ results: [] });

export function importResults(): readonly ImportSummary[] {
  return state.results;
}

export function addImportResult(summary: ImportSummary): void {
  state.results = [summary, ...state.results.filter((r) => r.dataset !== summary.dataset)];
}

export function clearImportResults(): void {
  state.results = [];
}
