import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Engine } from '../api/engine.js';
import { startServer, type RunningServer } from './server.js';
import { fixture } from '../../../test/fixtures/fixture-paths.js';
import { clientFrame, rawRequest, rawUpgrade } from './raw-http.fixture.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-serve-'));
let engine: Engine;
let server: RunningServer;

beforeAll(async () => {
  engine = new Engine(home);
  // a built UI, so page paths reach the static file server
  const staticDir = mkdtempSync(path.join(os.tmpdir(), 'catlip-serve-ui-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>CatLIP Pilot</title>');
  server = await startServer(engine, { allowPaths: [path.dirname(fixture('imagefolder-split'))], staticDir });
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
      host: '127.0.0.1',
      port: server.port,
      path: `/api/events?token=${encodeURIComponent(token)}`,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
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
          if (len === 126) {
            len = buf.readUInt16BE(2);
            off = 4;
          }
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
    expect(await missing.json()).toEqual({
      code: 'not-found',
      message: 'no dataset named "nothing" (none imported yet)',
      note: { id: 'dataset.noneImported', params: { name: 'nothing' } },
    });
    expect((await api('no:such', {})).status).toBe(404);
    expect((await api('datasets:list', '{not json')).status).toBe(400);
    const label = await api('labels:caption', { caption: 'a dog on a skateboard' });
    expect(
      ((await label.json()) as { synsets: { name: string }[] }).synsets.map((s: { name: string }) => s.name),
    ).toEqual(['dog.n.01', 'skateboard.n.01']);
  });

  it('streams engine events over the WebSocket', async () => {
    const events = await openEvents(server.token);
    expect(events.status).toBe(101);
    const folder = fixture('imagefolder-split');
    const res = await api('datasets:import', { path: folder, name: 'folder', imageSize: 16 });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(events.messages).toContainEqual({
      event: 'import:progress',
      payload: expect.objectContaining({ dataset: 'folder' }),
    });
    events.close();
  });

  it('downloads an exported report with the token only', async () => {
    const file = path.join(home, 'reports', 'catlip-1-vs-2.ja.csv');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '\uFEFFsection,value\r\n');
    const id = Number(
      engine.db
        .prepare(
          `INSERT INTO reports (run_ids, format, lang, path, created_at) VALUES ('1,2', 'csv', 'ja', ?, '2026-11-26T00:00:00Z')`,
        )
        .run(file).lastInsertRowid,
    );
    const url = `http://127.0.0.1:${server.port}/api/reports/${id}/file`;
    const ok = await fetch(url, { headers: { Authorization: `Bearer ${server.token}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(ok.headers.get('content-disposition')).toBe(
      `attachment; filename="catlip-1-vs-2.ja.csv"; filename*=UTF-8''catlip-1-vs-2.ja.csv`,
    );
    expect(Buffer.from(await ok.arrayBuffer()).toString('utf8')).toBe('\uFEFFsection,value\r\n');
    expect((await fetch(url)).status).toBe(401);
    const missing = await fetch(`http://127.0.0.1:${server.port}/api/reports/999/file`, {
      headers: { Authorization: `Bearer ${server.token}` },
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'not-found', message: 'no report 999' });
  });
});

describe('serve mode against hostile requests', () => {
  const stillAnswers = async () => expect((await api('datasets:list', {})).status).toBe(200);

  it('answers 400 to bad percent-encoding in a page or channel path and keeps serving', async () => {
    expect(await rawRequest(server.port, `GET /%E0 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)).toMatch(
      /^HTTP\/1\.1 400/,
    );
    const post = await rawRequest(
      server.port,
      `POST /api/%E0 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${server.token}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expect(post).toMatch(/^HTTP\/1\.1 400/);
    expect(post).toMatch(/percent-encoding/);
    expect(
      await rawRequest(server.port, 'GET /index.html%00.png HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
    ).toMatch(/^HTTP\/1\.1 403/);
    expect(await rawRequest(server.port, 'NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    await stillAnswers();
  });

  it('treats names of Object.prototype as unknown channels', async () => {
    for (const name of ['constructor', '__proto__', 'toString']) expect((await api(name, {})).status).toBe(404);
    await stillAnswers();
  });

  it('survives a truncated WebSocket frame header (89 FE) and a 64-bit length', async () => {
    for (const bytes of [
      [0x89, 0xfe],
      [0x89, 0xff, 0xff],
      [0x81, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
    ]) {
      const ws = await rawUpgrade(server.port, `/api/events?token=${server.token}`);
      expect(ws.status).toBe(101);
      ws.socket.write(Buffer.from(bytes));
      ws.socket.end();
      await ws.closed;
    }
    await stillAnswers();
  });

  it('reassembles a ping split across TCP reads and answers its pong', async () => {
    const ws = await rawUpgrade(server.port, `/api/events?token=${server.token}`);
    const ping = clientFrame(0x9, Buffer.from('hello'));
    ws.socket.write(ping.subarray(0, 1));
    await new Promise((r) => setTimeout(r, 20));
    ws.socket.write(ping.subarray(1, 4));
    await new Promise((r) => setTimeout(r, 20));
    ws.socket.write(ping.subarray(4));
    await vi.waitFor(() =>
      expect(ws.received().subarray(0, 7)).toEqual(Buffer.from([0x8a, 5, ...Buffer.from('hello')])),
    );
    ws.socket.destroy();
  });

  it('closes a socket that sends more than the client payload limit', async () => {
    const ws = await rawUpgrade(server.port, `/api/events?token=${server.token}`);
    ws.socket.write(clientFrame(0x1, Buffer.alloc(60_000, 0x61)));
    await ws.closed;
    await stillAnswers();
  });

  it('answers only Host names that mean this server, and upgrades only same-origin sockets', async () => {
    const evil = await rawRequest(
      server.port,
      `GET / HTTP/1.1\r\nHost: rebind.attacker.example:${server.port}\r\nConnection: close\r\n\r\n`,
    );
    expect(evil).toMatch(/^HTTP\/1\.1 421/);
    const evilApi = await rawRequest(
      server.port,
      `POST /api/datasets:list HTTP/1.1\r\nHost: rebind.attacker.example\r\nAuthorization: Bearer ${server.token}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expect(evilApi).toMatch(/^HTTP\/1\.1 421/);
    expect(
      await rawRequest(server.port, `GET / HTTP/1.1\r\nHost: localhost:${server.port}\r\nConnection: close\r\n\r\n`),
    ).toMatch(/^HTTP\/1\.1 200/);
    const named = await startServer(engine, { allowHosts: ['Pilot.LAN'] });
    try {
      expect(
        await rawRequest(named.port, `GET / HTTP/1.1\r\nHost: pilot.lan:${named.port}\r\nConnection: close\r\n\r\n`),
      ).toMatch(/^HTTP\/1\.1 200/);
      expect(await rawRequest(named.port, `GET / HTTP/1.1\r\nHost: other.lan\r\nConnection: close\r\n\r\n`)).toMatch(
        /^HTTP\/1\.1 421/,
      );
    } finally {
      await named.close();
    }
    const crossSite = await rawUpgrade(server.port, `/api/events?token=${server.token}`, {
      Origin: 'https://attacker.example',
    });
    expect(crossSite.status).toBe(403);
    const sameSite = await rawUpgrade(server.port, `/api/events?token=${server.token}`, {
      Origin: `http://127.0.0.1:${server.port}`,
    });
    expect(sameSite.status).toBe(101);
    sameSite.socket.destroy();
  });

  it('sends no referrer, forbids framing, plugins and base changes, and limits connections to its own origin', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const d of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]) expect(csp).toContain(d);
    expect(csp).toMatch(
      new RegExp(`connect-src 'self' http://127\\.0\\.0\\.1:${server.port} ws://127\\.0\\.0\\.1:${server.port};`),
    );
    expect(csp).not.toMatch(/connect-src[^;]*\bws: /);
  });

  it('keeps request paths inside the data home and the --allow-path folders', async () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), 'catlip-outside-'));
    try {
      const imp = await api('datasets:import', { path: outside, name: 'x' });
      expect(imp.status).toBe(400);
      expect(await imp.json()).toMatchObject({
        code: 'invalid-request',
        message: expect.stringMatching(/^path: .*outside.*--allow-path/),
      });
      // a manifest inside the home whose image roots point out: refused the same way
      const roots = await api('datasets:import', {
        path: path.join(home, 'captions.jsonl'),
        name: 'x',
        imageRoots: [home, outside],
      });
      expect(roots.status).toBe(400);
      expect(await roots.json()).toMatchObject({
        message: expect.stringMatching(/^imageRoots: .*outside.*--allow-path/),
      });
      expect((await api('files:browse', { path: outside })).status).toBe(400);
      const rep = await api('report:export', { runs: [1], format: 'csv', out: path.join(outside, 'r.csv') });
      expect(rep.status).toBe(400);
      expect(await rep.json()).toMatchObject({ message: expect.stringMatching(/^out: /) });
      const cn = await api('export:corenet', { run: 1, out: path.join(home, '..', path.basename(outside)) });
      expect(cn.status).toBe(400);
      // a link inside the home that points out is followed before the check
      symlinkSync(outside, path.join(home, 'escape'));
      expect((await api('export:corenet', { run: 1, out: path.join(home, 'escape', 'corenet') })).status).toBe(400);
      const weights = await api('export:weights', {
        run: 1,
        format: 'safetensors',
        out: path.join(outside, 'weights'),
      });
      expect(weights.status).toBe(400);
      expect(await weights.json()).toMatchObject({ message: expect.stringMatching(/^out: /) });
      expect(readdirSync(outside)).toEqual([]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
