import { api } from '../api/index.ts';
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

/**
 * Asks the engine to stop the import into `dataset`. The pending `datasets:import` call then resolves with
 * status 'cancelled' and what was kept; false here means no import of that dataset was running any more.
 */
export async function cancelImport(dataset: string): Promise<boolean> {
  const { cancelled } = await api().invoke('datasets:import:cancel', { dataset });
  return cancelled;
}
