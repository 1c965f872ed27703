import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../api/engine.js';
import { startServer, type RunningServer } from './server.js';
import { fixture } from '../../../test/fixtures/fixture-paths.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-serve-'));
let engine: Engine;
let server: RunningServer;

beforeAll(async () => {
  engine = new Engine(home);
  server = await startServer(engine);
});
afterAll(async () => {
  await server.close();
  engine.close();
  rmSync(home, { recursive: true, force: true });
});

const api = (channel: string, body: unknown, token: string | null = server.token) =>
  fetch(`http://127.0.0.1:${server.port}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** Opens the event WebSocket by hand (Node 20 has no WebSocket client) and collects text frames. */
function openEvents(token: string): Promise<{ status: number; messages: unknown[]; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port: server.port, path: `/api/events?token=${encodeURIComponent(token)}`,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    });
    req.on('response', (res) => resolve({ status: res.statusCode ?? 0, messages: [], close: () => res.destroy() }));
    req.on('upgrade', (res, socket) => {
      const messages: unknown[] = [];
      let buf = Buffer.alloc(0);
      socket.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        for (;;) {
          if (buf.length < 2) break;
          let len = buf[1] & 0x7f;
          let off = 2;
          if (len === 126) { len = buf.readUInt16BE(2); off = 4; }
          if (buf.length < off + len) break;
          if ((buf[0] & 0x0f) === 1) messages.push(JSON.parse(buf.subarray(off, off + len).toString('utf8')));
          buf = buf.subarray(off + len);
        }
      });
      resolve({ status: res.statusCode ?? 0, messages, close: () => socket.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve mode', () => {
  it('binds to loopback, prints a URL with the token, refuses other addresses without the explicit flag', async () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
    await expect(startServer(engine, { host: '0.0.0.0' })).rejects.toThrow(/--allow-remote/);
  });

  it('answers 401 to every /api/ request without the right token', async () => {
    expect((await api('datasets:list', {}, null)).status).toBe(401);
    expect((await api('datasets:list', {}, 'wrong')).status).toBe(401);
    expect((await api('nope', {}, null)).status).toBe(401);
    expect((await openEvents('wrong')).status).toBe(401);
  });

  it('calls channels with validation and typed errors', async () => {
    const ok = await api('datasets:list', {});
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual([]);
    const bad = await api('datasets:import', { path: 42 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'invalid-request', message: expect.stringMatching(/path/) });
    const missing = await api('vocab:build', { dataset: 'nothing' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ code: 'not-found', message: 'no dataset named "nothing" (none imported yet)' });
    expect((await api('no:such', {})).status).toBe(404);
    expect((await api('datasets:list', '{not json')).status).toBe(400);
    const label = await api('labels:caption', { caption: 'a dog on a skateboard' });
    expect(((await label.json()) as { synsets: { name: string }[] }).synsets.map((s: { name: string }) => s.name)).toEqual(['dog.n.01', 'skateboard.n.01']);
  });

  it('streams engine events over the WebSocket', async () => {
    const events = await openEvents(server.token);
    expect(events.status).toBe(101);
    const folder = fixture('imagefolder-split');
    const res = await api('datasets:import', { path: folder, name: 'folder', imageSize: 16 });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(events.messages).toContainEqual({ event: 'import:progress', payload: expect.objectContaining({ dataset: 'folder' }) });
    events.close();
  });

  it('downloads an exported report with the token only', async () => {
    const file = path.join(home, 'reports', 'catlip-1-vs-2.ja.csv');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '\uFEFFsection,value\r\n');
    const id = Number(engine.db.prepare(`INSERT INTO reports (run_ids, format, lang, path, created_at) VALUES ('1,2', 'csv', 'ja', ?, '2026-11-26T00:00:00Z')`)
      .run(file).lastInsertRowid);
    const url = `http://127.0.0.1:${server.port}/api/reports/${id}/file`;
    const ok = await fetch(url, { headers: { Authorization: `Bearer ${server.token}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(ok.headers.get('content-disposition')).toBe(`attachment; filename="catlip-1-vs-2.ja.csv"; filename*=UTF-8''catlip-1-vs-2.ja.csv`);
    expect(Buffer.from(await ok.arrayBuffer()).toString('utf8')).toBe('\uFEFFsection,value\r\n');
    expect((await fetch(url)).status).toBe(401);
    const missing = await fetch(`http://127.0.0.1:${server.port}/api/reports/999/file`, { headers: { Authorization: `Bearer ${server.token}` } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'not-found', message: 'no report 999' });
  });
});
