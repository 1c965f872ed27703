import {
  channels,
  events,
  type Channel,
  type EventName,
  type EventPayload,
  type RequestInput,
  type Response,
} from './contract.ts';
import { ApiError, describeIssues, toApiError } from './errors.ts';
import type { CatlipApi } from './types.ts';

/** The part of the browser's WebSocket the client uses (so tests can pass a fake). */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(): void;
}
export type SocketFactory = new (url: string) => SocketLike;

export interface ServeApiOptions {
  /** Origin of `catlip-pilot serve`, e.g. `http://127.0.0.1:8080` (the page's own origin in the browser). */
  baseUrl: string;
  /** The access token from the URL the server printed. */
  token: string;
  fetch?: typeof fetch;
  WebSocket?: SocketFactory;
  /** Reconnect delays: doubles from `min` up to `max` milliseconds. */
  reconnect?: { min: number; max: number };
  /** Where invalid events are reported (default console.warn). */
  warn?: (message: string) => void;
}

export interface ServeApi extends CatlipApi {
  onConnectionChange(listener: (connected: boolean) => void): () => void;
  reportFile(report: number): Promise<Blob>;
  filesArchive(files: string[], name: string): Promise<Blob>;
  readonly connected: boolean;
  /** Closes the event stream for good (tests, page unload). */
  close(): void;
}

type AnyListener = (payload: unknown) => void;

/**
 * `window.catlip` over serve mode: `POST /api/<channel>` with the bearer token, and one WebSocket to
 * `/api/events?token=…` that reconnects with back-off. Requests are validated before they leave, and
 * responses and events after they arrive, with the channel map's zod schemas.
 */
export function createServeApi(options: ServeApiOptions): ServeApi {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const Socket = options.WebSocket ?? (globalThis.WebSocket as unknown as SocketFactory);
  const { min, max } = options.reconnect ?? { min: 500, max: 8000 };
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const base = options.baseUrl.replace(/\/+$/, '');

  const listeners = new Map<EventName, Set<AnyListener>>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let socket: SocketLike | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let attempts = 0;
  let connected = false;
  let closed = false;

  const setConnected = (value: boolean) => {
    if (value === connected) return;
    connected = value;
    for (const l of [...connectionListeners]) l(value);
  };

  const eventsUrl = () => {
    const url = new URL('/api/events', base + '/');
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', options.token);
    return url.toString();
  };

  const dispatch = (data: unknown) => {
    let message: { event?: unknown; payload?: unknown };
    try {
      message = JSON.parse(typeof data === 'string' ? data : String(data));
    } catch {
      return warn('catlip: ignored an event that is not JSON');
    }
    const name = message.event as EventName;
    const schema = typeof name === 'string' && Object.hasOwn(events, name) ? events[name] : undefined;
    if (!schema) return warn(`catlip: ignored unknown event ${String(message.event)}`);
    const parsed = schema.safeParse(message.payload);
    if (!parsed.success) return warn(`catlip: ignored invalid ${name} event: ${describeIssues(parsed.error.issues)}`);
    for (const l of [...(listeners.get(name) ?? [])]) {
      try {
        l(parsed.data);
      } catch (e) {
        warn(`catlip: a ${name} listener failed: ${(e as Error).message}`);
      }
    }
  };

  const connect = () => {
    timer = null;
    if (closed || socket) return;
    let ws: SocketLike;
    try {
      ws = new Socket(eventsUrl());
    } catch (e) {
      warn(`catlip: cannot open the event stream: ${(e as Error).message}`);
      return scheduleReconnect();
    }
    socket = ws;
    ws.onopen = () => {
      attempts = 0;
      setConnected(true);
    };
    ws.onmessage = (ev) => dispatch(ev.data);
    ws.onerror = () => {
      /* a close event follows */
    };
    ws.onclose = () => {
      if (socket === ws) socket = null;
      setConnected(false);
      scheduleReconnect();
    };
  };

  const scheduleReconnect = () => {
    if (closed || timer) return;
    const delay = Math.min(max, min * 2 ** attempts);
    attempts += 1;
    timer = setTimeout(connect, delay);
  };

  return {
    get connected() {
      return connected;
    },

    async invoke<C extends Channel>(channel: C, request: RequestInput<C>): Promise<Response<C>> {
      const def = channels[channel];
      if (!def) throw new ApiError('invalid-request', `unknown channel "${String(channel)}"`, channel);
      const req = def.request.safeParse(request ?? {});
      if (!req.success)
        throw new ApiError('invalid-request', `${channel}: ${describeIssues(req.error.issues)}`, channel);
      let res: globalThis.Response;
      try {
        res = await fetchFn(`${base}/api/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.token}` },
          body: JSON.stringify(req.data),
        });
      } catch (e) {
        throw new ApiError('network', `${channel}: the engine did not answer (${(e as Error).message})`, channel);
      }
      const text = await res.text().catch(() => '');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      if (!res.ok) {
        const err = (body && typeof body === 'object' ? body : {}) as { message?: unknown };
        const message =
          typeof err.message === 'string' ? err.message : `HTTP ${res.status} ${res.statusText ?? ''}`.trim();
        throw toApiError({ ...err, message }, channel, res.status);
      }
      const checked = def.response.safeParse(body);
      if (!checked.success) {
        throw new ApiError(
          'invalid-response',
          `${channel} answered with data the app does not understand: ${describeIssues(checked.error.issues)}`,
          channel,
        );
      }
      return checked.data as Response<C>;
    },

    async reportFile(report: number): Promise<Blob> {
      let res: globalThis.Response;
      try {
        res = await fetchFn(`${base}/api/reports/${report}/file`, {
          headers: { Authorization: `Bearer ${options.token}` },
        });
      } catch (e) {
        throw new ApiError('network', `report ${report}: the engine did not answer (${(e as Error).message})`);
      }
      if (!res.ok) throw toApiError((await res.json().catch(() => null)) ?? {}, undefined, res.status);
      return res.blob();
    },

    async filesArchive(files: string[], name: string): Promise<Blob> {
      let res: globalThis.Response;
      try {
        res = await fetchFn(`${base}/api/files/archive`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.token}` },
          body: JSON.stringify({ files, name }),
        });
      } catch (e) {
        throw new ApiError('network', `${name}: the engine did not answer (${(e as Error).message})`);
      }
      if (!res.ok) throw toApiError((await res.json().catch(() => null)) ?? {}, undefined, res.status);
      return res.blob();
    },

    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      if (!Object.hasOwn(events, event)) throw new ApiError('invalid-request', `unknown event "${String(event)}"`);
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as AnyListener;
      set.add(l);
      if (!socket && !timer) connect();
      return () => {
        set.delete(l);
      };
    },

    onConnectionChange(listener) {
      connectionListeners.add(listener);
      if (!socket && !timer) connect();
      return () => connectionListeners.delete(listener);
    },

    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      const ws = socket;
      socket = null;
      ws?.close();
      setConnected(false);
    },
  };
}
