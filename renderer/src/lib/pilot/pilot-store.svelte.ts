import type { EvalProgress, RunStatus } from '../../api/contract.ts';
import type { Pilot } from './pilot-plan.ts';
import { forgetStoredPilot, loadStoredPilot, storePilot } from './pilot-storage.ts';
import { forgetToldMain, tellMain } from './pilot-main-link.ts';

/**
 * The current pilot's reactive state, shared by the modules that advance it (pilot-runs.svelte.ts,
 * pilot-evaluations.svelte.ts) and read by the screens through `pilotState`.
 */
export const store = $state<{
  pilot: Pilot | null;
  starting: boolean;
  error: unknown;
  evalProgress: EvalProgress | null;
}>({
  pilot: loadStoredPilot(),
  starting: false,
  error: null,
  evalProgress: null,
});

/** Ends seen for runs not (yet) known to the pilot: a short run can finish before training:start has answered. */
export const recentEnds = new Map<number, RunStatus>();

/** True while this tab works through the evaluation queue (one eval:run at a time, like the runs). */
export const evaluationLoop = { running: false };

export function savePilot(): void {
  tellMain(store.pilot);
  storePilot($state.snapshot(store.pilot));
}

/** Reactive view of the current pilot. */
export function pilotState(): {
  readonly pilot: Pilot | null;
  readonly starting: boolean;
  readonly error: unknown;
  /** The running evaluation's latest 'eval:progress' (not persisted). */
  readonly evalProgress: EvalProgress | null;
} {
  return store;
}

/** The pilot that contains `run`, if it is the current one. */
export function pilotOf(run: number): Pilot | null {
  return store.pilot?.runs.some((r) => r.run === run) ? store.pilot : null;
}

/** Re-reads the stored pilot as a page load does (tests of a reload). */
export function reloadPilot(): void {
  store.pilot = loadStoredPilot();
}

/** Tests: forget the pilot. */
export function resetPilot(): void {
  store.pilot = null;
  store.starting = false;
  store.error = null;
  store.evalProgress = null;
  evaluationLoop.running = false;
  recentEnds.clear();
  forgetToldMain();
  forgetStoredPilot();
}
