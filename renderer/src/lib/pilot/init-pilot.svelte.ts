import { api } from '../../api/index.ts';
import { reconcilePilot, handleTrainerMessage } from './pilot-runs.svelte.ts';
import { evaluationLoop, store } from './pilot-store.svelte.ts';

/**
 * Subscribes the pilot to the engine's training and evaluation events, and brings it up to date now and on
 * every reconnect; returns the unsubscribe function. App.svelte calls it once.
 */
export function initPilot(): () => void {
  const off = api().on('training:message', handleTrainerMessage);
  const offEval = api().on('eval:progress', (p) => {
    if (
      evaluationLoop.running &&
      store.pilot?.evaluations?.some((e) => e.state === 'running' && e.request.run === p.run)
    )
      store.evalProgress = p;
  });
  const offConn = api().onConnectionChange?.((connected) => {
    if (connected) void reconcilePilot();
  });
  void reconcilePilot();
  return () => {
    off();
    offEval();
    offConn?.();
  };
}
