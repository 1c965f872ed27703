import { api } from '../../api/index.ts';
import type { RequestInput, TrainingEstimate } from '../../api/contract.ts';

type EstimateRequest = RequestInput<'training:estimate'>;

/**
 * The wizard's live 'training:estimate': re-asked (debounced) whenever the request the getter builds
 * changes; an answer to an older request is dropped. Call during component initialisation ($effect).
 */
export function liveEstimate(request: () => EstimateRequest | null, delayMs = 250) {
  const state = $state<{ estimate: TrainingEstimate | null; error: unknown; loading: boolean }>({
    estimate: null,
    error: null,
    loading: false,
  });
  let asked = 0;
  $effect(() => {
    const req = request();
    if (!req) return;
    const id = ++asked;
    state.loading = true;
    const timer = setTimeout(async () => {
      try {
        const estimate = await api().invoke('training:estimate', req);
        if (id !== asked) return;
        state.estimate = estimate;
        state.error = null;
      } catch (e) {
        if (id === asked) state.error = e;
      } finally {
        if (id === asked) state.loading = false;
      }
    }, delayMs);
    return () => clearTimeout(timer);
  });
  return state;
}
