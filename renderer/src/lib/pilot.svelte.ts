import { repeatPairsIn } from './pilot/repeat-pairs.ts';
import { store } from './pilot/pilot-store.svelte.ts';

/**
 * The pilot store's public face: what screens import. A pilot is CatLIP then its baseline run(s), trained
 * one after another, then the planned evaluations; the parts live under pilot/ by concern:
 *   pilot-plan.ts               the stored shape (types)
 *   pilot-storage.ts            the localStorage copy (reloads, other tabs)
 *   pilot-store.svelte.ts       the reactive state and its accessors
 *   pilot-runs.svelte.ts        starting runs one after another, following trainer messages, reconciling
 *   evaluation-queue.ts         which evaluations a plan asks for
 *   pilot-evaluations.svelte.ts running them one after another
 *   repeat-pairs.ts             further seeds of a compared pair
 *   init-pilot.svelte.ts        the event subscriptions
 */
export type { EvaluationPlan, EvaluationState, Pilot, PlannedEvaluation, PlannedRun } from './pilot/pilot-plan.ts';
export { pilotOf, pilotState, reloadPilot, resetPilot } from './pilot/pilot-store.svelte.ts';
export { handleTrainerMessage, reconcilePilot, startNext, startPilot } from './pilot/pilot-runs.svelte.ts';
export { evaluationQueue } from './pilot/evaluation-queue.ts';
export { runEvaluations } from './pilot/pilot-evaluations.svelte.ts';
export { initPilot } from './pilot/init-pilot.svelte.ts';

/** The further seeds of a compared pair in the current pilot (see repeatPairsIn). */
export function repeatPairs(catlip: number, baseline: number): [number, number][] {
  return repeatPairsIn(store.pilot?.runs ?? [], catlip, baseline);
}
