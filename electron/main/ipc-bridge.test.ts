import { describe, expect, it, vi } from 'vitest';
import { channels, type Channel } from '../shared/channels.js';
import {
  INVOKE_CHANNEL,
  registerChannelHandlers,
  servedChannels,
  type IpcMainLike,
  type IpcResult,
} from './ipc-bridge.js';
import { isAppUrl } from './security.js';
import { Engine } from '../engine/api/engine.js';

/** A fake ipcMain: records handlers and lets a test call them like a renderer would. */
function fakeIpcMain() {
  const handlers = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
  const ipc: IpcMainLike = { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) };
  const call = (url: string | undefined, channel: unknown, request: unknown): Promise<IpcResult> =>
    handlers.get(INVOKE_CHANNEL)!({ senderFrame: url === undefined ? null : { url } }, channel, request);
  return { ipc, handlers, call };
}

describe('IPC bridge', () => {
  it('serves every channel of the map', () => {
    expect(servedChannels().sort()).toEqual(Object.keys(channels).sort());
  });

  it('rejects invalid payloads before they reach the engine, with a typed error', async () => {
    const { ipc, call } = fakeIpcMain();
    const engineCall = vi.fn(async () => ({ synsets: [] }));
    registerChannelHandlers(ipc, engineCall, isAppUrl);
    const bad = await call('app://catlip/index.html', 'datasets:import', { path: 3, name: '' });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/path/) },
    });
    expect('stack' in (bad as { error: object }).error).toBe(false);
    expect(await call('app://catlip/index.html', 'no:such', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(engineCall).not.toHaveBeenCalled();
    const ok = await call('app://catlip/index.html', 'labels:caption', { caption: 'a dog' });
    expect(ok).toEqual({ ok: true, value: { synsets: [] } });
    expect(engineCall).toHaveBeenCalledWith('labels:caption', { caption: 'a dog', mode: 'paper', lang: 'auto' });
  });

  it('rejects calls from frames that are not the app', async () => {
    const { ipc, call } = fakeIpcMain();
    const engineCall = vi.fn(async () => []);
    registerChannelHandlers(ipc, engineCall, isAppUrl);
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', undefined]) {
      expect(await call(url, 'datasets:list', {})).toMatchObject({
        ok: false,
        error: { code: 'invalid-request', message: expect.stringMatching(/untrusted frame/) },
      });
    }
    expect(engineCall).not.toHaveBeenCalled();
  });

  it('serialises engine errors as {code, message}', async () => {
    const { ipc, call } = fakeIpcMain();
    registerChannelHandlers(
      ipc,
      async () => {
        throw Object.assign(new Error('disk on fire'), { code: 'ENOSPC' });
      },
      isAppUrl,
    );
    expect(await call('app://catlip/', 'datasets:list', {})).toEqual({
      ok: false,
      error: { code: 'io', message: 'disk on fire' },
    });
  });

  it('the engine has a handler for every channel and no others', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-ipc-'));
    const engine = new Engine(home);
    expect(Object.keys(engine.handlers).sort()).toEqual((Object.keys(channels) as Channel[]).sort());
    engine.close();
    rmSync(home, { recursive: true, force: true });
  });
});
