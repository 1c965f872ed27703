import { channels, type Channel, type EventName, type EventPayload, type RequestInput, type Response } from '../api/contract.ts';
import { ApiError } from '../api/errors.ts';
import type { CatlipApi } from '../api/types.ts';

type Handler<C extends Channel> = (request: RequestInput<C>) => Response<C> | Promise<Response<C>>;
export type FakeHandlers = { [C in Channel]?: Handler<C> };

export interface FakeApi extends CatlipApi {
  calls: { channel: Channel; request: unknown }[];
  /** Delivers an event to the subscribers (validated like the real transport does). */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  listenerCount(event: EventName): number;
}

/** An in-memory window.catlip for component tests: channel handlers you give, events you emit. */
export function fakeApi(handlers: FakeHandlers): FakeApi {
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const calls: FakeApi['calls'] = [];
  return {
    calls,
    async invoke<C extends Channel>(channel: C, request: RequestInput<C>): Promise<Response<C>> {
      calls.push({ channel, request });
      const handler = handlers[channel] as Handler<C> | undefined;
      if (!handler) throw new ApiError('not-found', `fake: no handler for ${channel}`);
      const response = await handler(request);
      return channels[channel].response.parse(response) as Response<C>;
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
    emit(event, payload) {
      for (const l of [...(listeners.get(event) ?? [])]) l(payload);
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  };
}

export function installFake(api: FakeApi): FakeApi {
  window.catlip = api;
  return api;
}

/** A run summary with sensible defaults. */
export function runSummary(over: Partial<Response<'runs:list'>[number]> & { run: number }): Response<'runs:list'>[number] {
  return {
    dataset: 'demo-emoji', objective: 'catlip', model: 'vit-tiny', status: 'completed', steps: 3, steps_total: 3,
    final_loss: 200, first_loss: 250, images_per_second: 10, step_ms: { data: 10, compute: 1590 }, checkpoint_seconds: 0.5,
    backend: 'cpu', device: 'Test CPU', backend_notes: ['cpu: requested'], error: null, ...over,
  };
}

export function runDetail(summary: Response<'runs:list'>[number], losses: number[] = [250, 220, 200]): Response<'runs:get'> {
  return {
    summary,
    config: { batch: 16, imageSize: 32, model: summary.model, dataset: summary.dataset },
    metrics: losses.map((loss, i) => ({
      step: i + 1, loss, lr: 0.001 / (i + 1), images_per_second: summary.images_per_second, data_ms: 10, compute_ms: 1590, memory_mb: 100,
    })),
    active: false,
  };
}

export const flush = () => new Promise((r) => setTimeout(r, 0));
