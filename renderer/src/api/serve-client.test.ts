import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './errors.ts';
import { createServeApi, type SocketLike } from './serve-client.ts';
import { installApi } from './index.ts';

class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  open() {
    this.onopen?.({});
  }
  send(data: unknown) {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) });
  }
  drop() {
    this.onerror?.({});
    this.onclose?.({});
  }
  close() {
    this.closed = true;
  }
}

function response(status: number, body: unknown) {
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: '',
    text: async () => (body === undefined ? '' : JSON.stringify(body)),
  } as unknown as Response;
}

const summary = {
  run: 3,
  dataset: 'demo-emoji',
  objective: 'catlip',
  model: 'vit-tiny',
  status: 'completed',
  steps: 3,
  steps_total: 3,
  final_loss: 1,
  first_loss: 2,
  images_per_second: 5,
  step_ms: { data: 1, compute: 2 },
  checkpoint_seconds: 0,
  backend: 'cpu',
  device: 'cpu',
  backend_notes: [],
  error: null,
};

describe('serve-mode API client', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('downloads an exported report with the bearer token and turns a refusal into an ApiError', async () => {
    const blob = new Blob(['%PDF-1.7']);
    const fetch = vi.fn(async () => ({ ok: true, status: 200, blob: async () => blob }) as unknown as Response);
    const api = createServeApi({ baseUrl: 'http://127.0.0.1:9000', token: 'tok', fetch, WebSocket: FakeSocket });
    await expect(api.reportFile(4)).resolves.toBe(blob);
    expect(fetch).toHaveBeenCalledWith('http://127.0.0.1:9000/api/reports/4/file', {
      headers: { Authorization: 'Bearer tok' },
    });
    fetch.mockResolvedValueOnce({
      ok: false,
      status: 404,
      json: async () => ({ code: 'not-found', message: 'no report 5' }),
    } as unknown as Response);
    await expect(api.reportFile(5)).rejects.toMatchObject({ code: 'not-found', message: 'no report 5' });
  });

  it('POSTs the validated request with the bearer token and validates the response', async () => {
    const fetch = vi.fn(async () => response(200, [summary]));
    const api = createServeApi({ baseUrl: 'http://127.0.0.1:9000/', token: 'tok', fetch, WebSocket: FakeSocket });
    await expect(api.invoke('runs:list', {})).resolves.toEqual([summary]);
    expect(fetch).toHaveBeenCalledWith(
      'http://127.0.0.1:9000/api/runs:list',
      expect.objectContaining({
        method: 'POST',
        headers: expect.objectContaining({ Authorization: 'Bearer tok', 'Content-Type': 'application/json' }),
        body: '{}',
      }),
    );
    // defaults are filled in before the request leaves
    fetch.mockResolvedValueOnce(response(200, { synsets: [] }));
    await api.invoke('labels:caption', { caption: 'a dog' });
    expect(JSON.parse((fetch.mock.calls[1] as unknown as [string, RequestInit])[1].body as string)).toEqual({
      caption: 'a dog',
      mode: 'paper',
      lang: 'auto',
    });
  });

  it('refuses an invalid request before sending it, naming the field', async () => {
    const fetch = vi.fn();
    const api = createServeApi({ baseUrl: 'http://h', token: 't', fetch, WebSocket: FakeSocket });
    await expect(api.invoke('datasets:import', { path: 'x', name: 'bad name!' })).rejects.toMatchObject({
      code: 'invalid-request',
      message: /name: use 1-64 letters/,
    });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('turns engine errors, 401, network failures and unexpected responses into ApiErrors', async () => {
    const fetch = vi.fn();
    const api = createServeApi({ baseUrl: 'http://h', token: 't', fetch, WebSocket: FakeSocket });
    const note = { id: 'run.notFound', params: { id: '9' } };
    fetch.mockResolvedValueOnce(response(404, { code: 'not-found', message: 'no run 9', note }));
    await expect(api.invoke('runs:get', { run: 9 })).rejects.toMatchObject({
      code: 'not-found',
      message: 'no run 9',
      channel: 'runs:get',
      note, // the catalogued message, which the error box shows in Japanese
    });
    // a note this UI does not know (a newer engine's) is dropped: the message is shown instead
    fetch.mockResolvedValueOnce(
      response(404, { code: 'not-found', message: 'x', note: { id: 'no.such', params: {} } }),
    );
    await expect(api.invoke('runs:get', { run: 9 })).rejects.toMatchObject({ note: undefined });
    fetch.mockResolvedValueOnce(response(401, { code: 'unauthorised', message: 'missing or wrong access token' }));
    await expect(api.invoke('runs:list', {})).rejects.toMatchObject({ code: 'unauthorised' });
    fetch.mockResolvedValueOnce({ ok: false, status: 502, statusText: 'Bad Gateway', text: async () => '<html>' });
    await expect(api.invoke('runs:list', {})).rejects.toMatchObject({
      code: 'internal',
      message: 'HTTP 502 Bad Gateway',
    });
    fetch.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await expect(api.invoke('runs:list', {})).rejects.toMatchObject({ code: 'network', message: /Failed to fetch/ });
    fetch.mockResolvedValueOnce(response(200, [{ run: 'three' }]));
    const err = await api.invoke('runs:list', {}).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('invalid-response');
  });

  it('streams validated events from one WebSocket with the token, and drops invalid ones', async () => {
    const warn = vi.fn();
    const api = createServeApi({
      baseUrl: 'https://example.test:8443',
      token: 'a b',
      fetch: vi.fn(),
      WebSocket: FakeSocket,
      warn,
    });
    const got: unknown[] = [];
    const progress: unknown[] = [];
    const off = api.on('training:message', (m) => got.push(m));
    api.on('import:progress', (p) => progress.push(p));
    expect(FakeSocket.all).toHaveLength(1);
    expect(FakeSocket.all[0]!.url).toBe('wss://example.test:8443/api/events?token=a+b');
    const ws = FakeSocket.all[0]!;
    ws.open();
    expect(api.connected).toBe(true);
    const step = { type: 'paused', run: 1, step: 2 };
    ws.send({ event: 'training:message', payload: step });
    ws.send({ event: 'training:message', payload: { type: 'paused', run: 'x' } });
    ws.send({ event: 'nope', payload: {} });
    ws.send('not json');
    expect(got).toEqual([step]);
    expect(progress).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(3);
    off();
    ws.send({ event: 'training:message', payload: step });
    expect(got).toHaveLength(1);
  });

  it('reconnects with back-off after the stream drops, and reports the connection state', async () => {
    const api = createServeApi({
      baseUrl: 'http://h',
      token: 't',
      fetch: vi.fn(),
      WebSocket: FakeSocket,
      reconnect: { min: 100, max: 400 },
    });
    const states: boolean[] = [];
    api.onConnectionChange((c) => states.push(c));
    const got: unknown[] = [];
    api.on('training:message', (m) => got.push(m));
    expect(FakeSocket.all).toHaveLength(1);
    FakeSocket.all[0]!.open();
    FakeSocket.all[0]!.drop();
    expect(states).toEqual([true, false]);
    vi.advanceTimersByTime(99);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1]!.drop(); // failed attempt: the next waits twice as long
    vi.advanceTimersByTime(199);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(3);
    FakeSocket.all[2]!.open();
    expect(states).toEqual([true, false, true]);
    FakeSocket.all[2]!.send({ event: 'training:message', payload: { type: 'resumed', run: 1, step: 1 } });
    expect(got).toHaveLength(1);
    api.close();
    expect(FakeSocket.all[2]!.closed).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.all).toHaveLength(3);
  });
});

describe('installApi', () => {
  afterEach(() => {
    delete window.catlip;
  });

  it('keeps a preload-provided API and otherwise needs the token in the URL', () => {
    const preload = { invoke: vi.fn(), on: vi.fn() };
    window.catlip = preload as never;
    expect(installApi()).toBe(preload);
    delete window.catlip;
    expect(installApi()).toBeNull();
    const replaceState = vi.fn();
    const win = {
      location: { search: '?token=abc&lang=ja', origin: 'http://127.0.0.1:1234', pathname: '/runs', hash: '#top' },
      history: { state: null, replaceState },
    } as unknown as Window;
    const storage = new Map<string, string>();
    (win as unknown as { sessionStorage: Pick<Storage, 'getItem' | 'setItem'> }).sessionStorage = {
      getItem: (k) => storage.get(k) ?? null,
      setItem: (k, v) => void storage.set(k, v),
    };
    const api = installApi(win);
    expect(api).not.toBeNull();
    expect(win.catlip).toBe(api);
    // the token leaves the address bar once read; the rest of the address stays
    expect(replaceState).toHaveBeenCalledWith(null, '', '/runs?lang=ja#top');
    // a reload (no token in the URL any more) finds it in this tab's session storage
    const reloaded = {
      ...win,
      catlip: undefined,
      location: { ...win.location, search: '?lang=ja' },
    } as unknown as Window;
    expect(installApi(reloaded)).not.toBeNull();
    expect(replaceState).toHaveBeenCalledTimes(1);
  });
});
