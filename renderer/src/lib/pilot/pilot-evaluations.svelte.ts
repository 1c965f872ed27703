import { api } from '../../api/index.ts';
import { toApiError } from '../../api/errors.ts';
import type { EvaluationRequestInput } from '../../api/contract.ts';
import { evaluationQueue } from './evaluation-queue.ts';
import { loadStoredPilot } from './pilot-storage.ts';
import { evaluationLoop, savePilot, store } from './pilot-store.svelte.ts';

/**
 * Runs the pilot's pending evaluations one after another (they share the GPU with nothing else then).
 * A failed one is kept with its message and the queue goes on. Called when the pilot is done and on reconnect.
 */
export async function runEvaluations(): Promise<void> {
  const pilot = store.pilot;
  if (!pilot || pilot.state !== 'done' || !pilot.evaluationPlan || evaluationLoop.running) return;
  if (!pilot.evaluations?.length) {
    pilot.evaluations = evaluationQueue(pilot.evaluationPlan, pilot.runs);
    savePilot();
  }
  const evaluations = pilot.evaluations;
  evaluationLoop.running = true;
  try {
    for (;;) {
      // another tab may have taken or finished evaluations of the same pilot: adopt what it stored
      const stored = loadStoredPilot();
      if (stored && stored.id === pilot.id && stored.evaluations?.length === evaluations.length) {
        stored.evaluations.forEach((e, i) => {
          const mine = evaluations[i]!;
          if (mine.state === 'pending' && e.state !== 'pending') Object.assign(mine, e);
        });
        // none of ours is in flight here, so a running one belongs to another tab: it works through the queue
        if (evaluations.some((e) => e.state === 'running')) return;
      }
      const next = evaluations.find((e) => e.state === 'pending');
      if (!next || store.pilot !== pilot) return;
      next.state = 'running';
      store.evalProgress = null;
      savePilot();
      try {
        const result = await api().invoke('eval:run', $state.snapshot(next.request) as EvaluationRequestInput);
        Object.assign(next, { state: 'done', error: null, evaluation: result.evaluation, top1: result.top1 });
      } catch (e) {
        Object.assign(next, { state: 'failed', error: toApiError(e).message });
      }
      savePilot();
    }
  } finally {
    evaluationLoop.running = false;
    store.evalProgress = null;
  }
}
