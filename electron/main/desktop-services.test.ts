import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  DESKTOP_CHANNEL,
  desktopServices,
  parseDesktopRequest,
  type DialogLike,
  type ShellLike,
} from './desktop-services.js';
import { DesktopStateFile } from './desktop-state.js';
import { registerValidatedHandler, type IpcMainLike, type IpcResult } from './ipc-bridge.js';
import { isAppUrl } from './security.js';

/** Electron's dialog, recording each call's options and answering what the test sets. */
function fakeDialog(answer: { canceled: boolean; filePaths?: string[]; filePath?: string }) {
  const calls: { kind: 'open' | 'save'; options: Record<string, unknown> }[] = [];
  const dialog: DialogLike = {
    showOpenDialog: async (options) => (
      calls.push({ kind: 'open', options }),
      { canceled: answer.canceled, filePaths: answer.filePaths ?? [] }
    ),
    showSaveDialog: async (options) => (
      calls.push({ kind: 'save', options }),
      { canceled: answer.canceled, filePath: answer.filePath }
    ),
  };
  return { dialog, calls };
}

function setup(answer: Parameters<typeof fakeDialog>[0] = { canceled: true }, existing: string[] = []) {
  const { dialog, calls } = fakeDialog(answer);
  const shell = {
    showItemInFolder: vi.fn(),
    openPath: vi.fn(async (p: string) => (p.endsWith('.broken') ? 'No application is registered' : '')),
  } satisfies ShellLike;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'catlip-desktop-'));
  const preferences = new DesktopStateFile(path.join(dir, 'desktop-state.json'));
  const handlers = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
  const ipc: IpcMainLike = { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) };
  const pilots: unknown[] = [];
  const services = desktopServices({
    dialog,
    shell,
    preferences,
    exists: (p) => existing.includes(p),
    isAbsolute: path.isAbsolute,
    setPilot: (p) => void pilots.push(p),
  });
  registerValidatedHandler(ipc, DESKTOP_CHANNEL, parseDesktopRequest, services, isAppUrl);
  const call = (channel: string, request: unknown, url = 'app://catlip/index.html'): Promise<IpcResult> =>
    handlers.get(DESKTOP_CHANNEL)!({ senderFrame: { url } }, channel, request);
  return { calls, shell, call, dir, pilots };
}

describe('desktop channels in main', () => {
  it('import-folder opens a folder dialog and returns only the chosen path', async () => {
    const { calls, call } = setup({ canceled: false, filePaths: ['/data/coco-mini'] });
    expect(await call('desktop:choose-path', { purpose: 'import-folder', title: 'Dataset folder' })).toEqual({
      ok: true,
      value: { path: '/data/coco-mini' },
    });
    expect(calls).toEqual([
      {
        kind: 'open',
        options: expect.objectContaining({ title: 'Dataset folder', properties: ['openDirectory', 'createDirectory'] }),
      },
    ]);
  });

  it('import-file filters by the formats the importer reads', async () => {
    const { calls, call } = setup({ canceled: false, filePaths: ['/data/captions.jsonl'] });
    expect(await call('desktop:choose-path', { purpose: 'import-file' })).toEqual({
      ok: true,
      value: { path: '/data/captions.jsonl' },
    });
    const filters = calls[0]!.options.filters as { name: string; extensions: string[] }[];
    expect(calls[0]!.options.properties).toEqual(['openFile']);
    expect(filters[0]!.extensions.sort()).toEqual(['csv', 'json', 'jsonl', 'ndjson', 'tar', 'tsv']);
    expect(filters.map((f) => f.name)).toContain('webdataset');
  });

  it('open-image opens one image file for Try it', async () => {
    const { calls, call } = setup({ canceled: false, filePaths: ['/photos/cat.jpg'] });
    expect(await call('desktop:choose-path', { purpose: 'open-image' })).toEqual({
      ok: true,
      value: { path: '/photos/cat.jpg' },
    });
    expect(calls[0]!.options.properties).toEqual(['openFile']);
    expect(calls[0]!.options.filters).toEqual([
      { name: 'Images', extensions: expect.arrayContaining(['jpg', 'jpeg', 'png', 'webp']) },
    ]);
  });

  it('export-file opens a save dialog with the export extension; cancel gives null', async () => {
    const { calls, call } = setup({ canceled: true });
    expect(
      await call('desktop:choose-path', { purpose: 'export-file', defaultPath: 'report.pdf', extensions: ['pdf'] }),
    ).toEqual({ ok: true, value: { path: null } });
    expect(calls[0]).toEqual({
      kind: 'save',
      options: { title: undefined, defaultPath: 'report.pdf', filters: [{ name: 'PDF', extensions: ['pdf'] }] },
    });
  });

  it('rejects bad payloads, unknown channels and untrusted frames before any dialog opens', async () => {
    const { calls, call } = setup({ canceled: false, filePaths: ['/x'] });
    expect(await call('desktop:choose-path', { purpose: 'format-disk' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/purpose/) },
    });
    expect(await call('desktop:eval', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/unknown desktop channel/) },
    });
    expect(await call('desktop:choose-path', { purpose: 'import-file' }, 'https://evil.example/')).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/untrusted/) },
    });
    expect(calls).toEqual([]);
  });

  it('reveals or opens only absolute paths that exist, and reports the OS error', async () => {
    const { shell, call } = setup(undefined, ['/home/u/reports/r.pdf', '/home/u/r.broken']);
    expect(await call('desktop:show-path', { path: '/home/u/reports/r.pdf', action: 'reveal' })).toEqual({
      ok: true,
      value: { ok: true, error: null },
    });
    expect(shell.showItemInFolder).toHaveBeenCalledWith('/home/u/reports/r.pdf');
    expect(await call('desktop:show-path', { path: '/home/u/reports/r.pdf', action: 'open' })).toEqual({
      ok: true,
      value: { ok: true, error: null },
    });
    expect(await call('desktop:show-path', { path: '/home/u/r.broken', action: 'open' })).toEqual({
      ok: true,
      value: { ok: false, error: 'No application is registered' },
    });
    expect(await call('desktop:show-path', { path: 'reports/r.pdf', action: 'open' })).toMatchObject({
      value: { ok: false },
    });
    expect(await call('desktop:show-path', { path: '/gone.pdf', action: 'reveal' })).toMatchObject({
      value: { ok: false, error: expect.stringMatching(/does not exist/) },
    });
    expect(shell.openPath).toHaveBeenCalledTimes(2);
    expect(shell.showItemInFolder).toHaveBeenCalledTimes(1);
  });

  it('keeps preferences in the state file across starts; a damaged file means defaults', async () => {
    const { call, dir } = setup();
    expect(await call('desktop:preferences:get', {})).toEqual({
      ok: true,
      value: { notifications: true, taskbarProgress: true, pilotNotifications: true },
    });
    expect(await call('desktop:preferences:set', { notifications: false })).toEqual({
      ok: true,
      value: { notifications: false, taskbarProgress: true, pilotNotifications: true },
    });
    expect(await call('desktop:preferences:set', { pilotNotifications: false })).toMatchObject({
      value: { pilotNotifications: false },
    });
    const file = path.join(dir, 'desktop-state.json');
    expect(new DesktopStateFile(file).get()).toEqual({
      notifications: false,
      taskbarProgress: true,
      pilotNotifications: false,
    });
    expect(JSON.parse(readFileSync(file, 'utf8')).preferences.notifications).toBe(false);
    // a file written before pilot notifications existed keeps its choices; the new one takes its default
    writeFileSync(
      file,
      JSON.stringify({ window: null, preferences: { notifications: false, taskbarProgress: false } }),
    );
    expect(new DesktopStateFile(file).get()).toEqual({
      notifications: false,
      taskbarProgress: false,
      pilotNotifications: true,
    });
    writeFileSync(file, '{"window": 3, "preferences": {"notifications": "yes"');
    expect(new DesktopStateFile(file).get()).toEqual({
      notifications: true,
      taskbarProgress: true,
      pilotNotifications: true,
    });
  });

  it("passes the renderer's pilot to the notifier, and refuses a malformed one", async () => {
    const { call, pilots } = setup();
    const pilot = {
      id: 'p1',
      runs: [
        { run: 4, objective: 'catlip' },
        { run: null, objective: 'clip' },
      ],
    };
    expect(await call('desktop:pilot', { pilot })).toEqual({ ok: true, value: { ok: true } });
    expect(await call('desktop:pilot', { pilot: null })).toEqual({ ok: true, value: { ok: true } });
    expect(await call('desktop:pilot', { pilot: { id: 'p2', runs: [] } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(pilots).toEqual([pilot, null]);
  });
});
