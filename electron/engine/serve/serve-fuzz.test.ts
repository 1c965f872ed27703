import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../shared/channels.js';
import { Engine } from '../api/engine.js';
import { Rng } from '../training/model/rng.js';
import { MAX_CLIENT_PAYLOAD } from './event-hub.js';
import { clientFrame, rawUpgrade } from './raw-http.fixture.js';
import { startServer, type RunningServer } from './server.js';

/**
 * A bounded fuzz of serve mode on loopback: malformed HTTP, random channel payloads and WebSocket frames,
 * from a fixed seed (CATLIP_FUZZ_SEED picks another) and a fixed count, with a wall-clock cap so it always
 * ends well inside a minute. Afterwards the server must still answer and the database must be sound.
 */
const SEED = Number(process.env.CATLIP_FUZZ_SEED ?? 20261204);
const HTTP_CASES = 300;
const CHANNEL_CASES = 300;
const WS_CASES = 60;
/** A cap on the fuzz loops (they stop early if reached), not an assertion on speed. */
const TIME_CAP_MS = 35_000;
/** Channels that start long work even from a valid request (a demo import, a trainer process, an evaluation). */
const SLOW_CHANNELS = new Set(['demo:prepare', 'training:start', 'training:resume', 'eval:run']);

const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-fuzz-'));
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

const rng = new Rng(SEED);
const int = (n: number) => rng.nextUint32() % n;
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));

const PATH_PIECES = [
  '/',
  '/api/',
  '/api/events',
  '/api/reports/1/file',
  '/api/datasets:list',
  '/%E0',
  '/%',
  '/%zz',
  '/..',
  '/%2e%2e/',
  '/index.html',
  '/\u00e9',
  '/a%00b',
  '?token=',
  '#',
  '//',
  '/api/constructor',
  '/api/__proto__',
  '/api/%C0%AF',
  '/api/reports/99999999999999999999/file',
];
const HOSTS = ['127.0.0.1', 'localhost', '[::1]', 'evil.example', '', '127.0.0.1:1:2', 'a b', '[zz]', '@x', '%00'];

function randomPath(): string {
  let p = '';
  for (let i = 0, n = 1 + int(4); i < n; i++)
    p +=
      int(4) === 0
        ? bytes(1 + int(6))
            .toString('latin1')
            .replace(/[\r\n ]/g, 'x')
        : pick(PATH_PIECES);
  return int(20) === 0 ? p.repeat(200) : p;
}

function randomHttpRequest(token: string): Buffer {
  const method = pick(['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'BREW', 'G\0T', '']);
  const headers = [`Host: ${pick(HOSTS)}`];
  if (int(2))
    headers.push(`Authorization: ${pick(['Bearer ', 'Basic ', ''])}${pick([token, 'x', token.slice(1), ''])}`);
  if (int(3) === 0) headers.push(`Content-Length: ${pick(['5', '-1', '99999999999', 'abc', '0'])}`);
  if (int(4) === 0) headers.push('Transfer-Encoding: chunked');
  if (int(4) === 0) headers.push(`Origin: ${pick(['http://evil.example', 'null', '::', ''])}`);
  if (int(5) === 0)
    headers.push(
      `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${pick(['', 'x', 'dGhlIHNhbXBsZSBub25jZQ=='])}`,
    );
  const head = `${method} ${randomPath()} ${pick(['HTTP/1.1', 'HTTP/1.0', 'HTTP/9', ''])}\r\n${headers.join('\r\n')}\r\n\r\n`;
  const body = int(2) ? bytes(int(2048)) : Buffer.from(JSON.stringify({ path: '/etc', out: '../../x' }));
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/** Sends bytes, half-closes, and waits for the server to answer or close (the server must never hang up the process). */
function exchange(data: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, 2000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', done);
    socket.on('error', done);
    socket.end(data);
  });
}

function randomJson(depth = 0): unknown {
  switch (int(depth > 3 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return pick([0, -1, 1.5, 1e308, -1e-308, 2 ** 53 + 1, 42]);
    case 2:
      return pick([
        '',
        'x'.repeat(int(5000)),
        '/etc/passwd',
        '../../..',
        home,
        'tcp://$(id):1',
        '\u0000',
        '%E0',
        'nothing',
        'catlip',
        'ja',
      ]);
    case 3:
      return pick([true, false]);
    case 4:
      return bytes(int(64)).toString('latin1');
    case 5:
      return int(1000);
    case 6:
      return Array.from({ length: int(6) }, () => randomJson(depth + 1));
    default: {
      const keys = [
        'path',
        'name',
        'out',
        'run',
        'runs',
        'dataset',
        'format',
        'mode',
        'distUrl',
        'lang',
        'caption',
        'plan',
        'maxPixels',
        'imageSize',
        '__proto__',
        'constructor',
      ];
      return Object.fromEntries(Array.from({ length: int(7) }, () => [pick(keys), randomJson(depth + 1)]));
    }
  }
}

const stillAnswers = async () => {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/datasets:list`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}` },
    body: '{}',
  });
  expect(res.status).toBe(200);
};

describe(`serve mode fuzz (seed ${SEED})`, () => {
  const started = Date.now();
  const inTime = () => Date.now() - started < TIME_CAP_MS;

  it('answers malformed HTTP with a status or a close, never by dying', async () => {
    for (let i = 0; i < HTTP_CASES && inTime(); i += 10) {
      const answers = await Promise.all(Array.from({ length: 10 }, () => exchange(randomHttpRequest(server.token))));
      for (const a of answers) if (a) expect(a).toMatch(/^HTTP\/1\.[01] [1-5]\d\d /);
    }
    await stillAnswers();
  }, 60_000);

  it('answers random channel payloads with JSON and a 2xx/4xx/5xx status', async () => {
    const names = Object.keys(channels).filter((c) => !SLOW_CHANNELS.has(c));
    for (let i = 0; i < CHANNEL_CASES && inTime(); i++) {
      const channel = pick(names);
      const body = int(10) === 0 ? bytes(int(512)).toString('latin1') : JSON.stringify(randomJson());
      const res = await fetch(`http://127.0.0.1:${server.port}/api/${channel}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.token}` },
        body,
      });
      expect([200, 400, 404, 405, 409, 422, 500], `${channel} ${body.slice(0, 200)}`).toContain(res.status);
      const text = await res.text();
      expect(() => JSON.parse(text), text.slice(0, 200)).not.toThrow();
    }
    await stillAnswers();
  }, 60_000);

  it('survives random and malformed WebSocket frames, split at random points', async () => {
    for (let i = 0; i < WS_CASES && inTime(); i++) {
      const ws = await rawUpgrade(server.port, `/api/events?token=${server.token}`);
      expect(ws.status).toBe(101);
      const frames = Array.from({ length: 1 + int(4) }, () => {
        const kind = int(4);
        if (kind === 0) return bytes(1 + int(16)); // garbage
        if (kind === 1)
          return clientFrame(pick([0x0, 0x1, 0x2, 0x3, 0x8, 0x9, 0xa, 0xf]), bytes(int(200)), int(2) === 0);
        if (kind === 2) return clientFrame(0x1, bytes(MAX_CLIENT_PAYLOAD + int(10_000))); // over the limit
        return Buffer.concat([Buffer.from([0x80 | int(16), 0x7e | int(2)]), bytes(int(10))]); // extended lengths, truncated
      });
      const all = Buffer.concat(frames);
      for (let at = 0; at < all.length && !ws.socket.destroyed;) {
        const n = 1 + int(Math.min(64, all.length - at));
        ws.socket.write(all.subarray(at, at + n));
        at += n;
        if (int(8) === 0) await new Promise((r) => setImmediate(r));
      }
      ws.socket.end();
      ws.socket.destroySoon();
      await Promise.race([ws.closed, new Promise((r) => setTimeout(r, 1000))]);
      ws.socket.destroy();
    }
    await stillAnswers();
  }, 60_000);

  it('leaves a sound database', () => {
    expect(engine.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(engine.db.pragma('foreign_key_check')).toEqual([]);
  });
});
