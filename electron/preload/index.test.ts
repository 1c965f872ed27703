import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Tests the shipped preload (dist/electron/preload/index.cjs, built by `npm test` before vitest) the way
 * a sandboxed renderer runs it: CommonJS, with `require` limited to a fake `electron`.
 */
const built = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../dist/electron/preload/index.cjs');

type Api = {
  invoke(c: string, r?: unknown): Promise<unknown>;
  desktop(c: string, r?: unknown): Promise<unknown>;
  on(e: string, l: (...a: unknown[]) => void): () => void;
  pathForFile(f: unknown): string;
};
let exposed: Record<string, unknown>;
let listeners: Map<string, Set<(e: unknown, m: unknown) => void>>;
let invoke: ReturnType<typeof vi.fn>;
const required: string[] = [];

function loadPreload(): Api {
  exposed = {};
  listeners = new Map();
  invoke = vi.fn();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => invoke(...args),
      on: (c: string, l: (e: unknown, m: unknown) => void) =>
        void (listeners.get(c) ?? listeners.set(c, new Set()).get(c)!).add(l),
      off: (c: string, l: (e: unknown, m: unknown) => void) => void listeners.get(c)?.delete(l),
    },
    webUtils: { getPathForFile: (f: { fakePath: string }) => f.fakePath },
  };
  const module = { exports: {} };
  vm.runInNewContext(readFileSync(built, 'utf8'), {
    module,
    exports: module.exports,
    Object,
    Promise,
    Error,
    String,
    require: (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    },
  });
  return exposed.catlip as Api;
}

describe('preload (built)', () => {
  it('is built', () => expect(existsSync(built), `${built} missing: run npm run build:engine`).toBe(true));
  beforeEach(() => void (required.length = 0));

  it('requires only electron and exposes only invoke, desktop, on and pathForFile; unwraps results and rethrows typed errors', async () => {
    const api = loadPreload();
    expect(required).toEqual(['electron']);
    expect(Object.keys(api).sort()).toEqual(['desktop', 'invoke', 'on', 'pathForFile']);
    invoke.mockResolvedValueOnce({ ok: true, value: [1] });
    await expect(api.invoke('datasets:list', {})).resolves.toEqual([1]);
    expect(invoke).toHaveBeenCalledWith('catlip:invoke', 'datasets:list', {});
    const note = { id: 'dataset.noneImported', params: { name: 'x' } };
    invoke.mockResolvedValueOnce({ ok: false, error: { code: 'not-found', message: 'no dataset', note } });
    await expect(api.invoke('vocab:build', { dataset: 'x' })).rejects.toMatchObject({
      message: 'no dataset',
      code: 'not-found',
      note,
    });
  });

  it("sends desktop requests on main's own channel and gives a dropped file's path", async () => {
    const api = loadPreload();
    invoke.mockResolvedValueOnce({ ok: true, value: { path: '/data/set' } });
    await expect(api.desktop('desktop:choose-path', { purpose: 'import-folder' })).resolves.toEqual({
      path: '/data/set',
    });
    expect(invoke).toHaveBeenCalledWith('catlip:desktop', 'desktop:choose-path', { purpose: 'import-folder' });
    expect(api.pathForFile({ fakePath: '/data/dropped' })).toBe('/data/dropped');
  });

  it('delivers only the subscribed event, without the Electron event object, and unsubscribes', () => {
    const api = loadPreload();
    const got: unknown[][] = [];
    const off = api.on('import:progress', (...args) => got.push(args));
    const fire = (m: unknown) => listeners.get('catlip:event')!.forEach((l) => l({ sender: 'secret' }, m));
    fire({ event: 'import:progress', payload: { processed: 1 } });
    fire({ event: 'training:message', payload: { type: 'step' } });
    off();
    fire({ event: 'import:progress', payload: { processed: 2 } });
    expect(got).toEqual([[{ processed: 1 }]]);
  });
});
