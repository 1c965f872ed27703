import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { channels, events, type Channel } from '../../shared/channels.js';
import { EngineError, serializeError, type ErrorCode } from '../../shared/errors.js';
import type { Engine } from '../api/engine.js';
import { EventSocket } from './websocket.js';

/**
 * Serve mode: the renderer and the API over HTTP for a headless GPU workstation.
 * - `POST /api/<channel>` with the JSON request → the JSON response (validated by the channel map), or
 *   `{code, message}` with a 4xx/5xx status.
 * - `GET /api/events` (WebSocket) → `{event, payload}` messages, one per engine event.
 * - Every `/api/` request needs the access token (`Authorization: Bearer …`, or `?token=…` for the
 *   WebSocket, which browsers cannot give headers); anything else gets 401.
 * - Binds to 127.0.0.1 unless the caller explicitly allows another address.
 */
export interface ServeOptions {
  host?: string;
  port?: number;
  /** Must be true to bind anything but a loopback address. */
  allowRemote?: boolean;
  /** Built renderer (index.html and assets); when absent, `/` explains how to build it. */
  staticDir?: string;
  token?: string;
}

export interface RunningServer {
  url: string;
  token: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

const STATUS: Record<ErrorCode, number> = {
  'invalid-request': 400, 'invalid-data': 422, 'not-found': 404, conflict: 409, unsupported: 422, io: 500, cancelled: 409, internal: 500,
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.ico': 'image/x-icon',
};

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export async function startServer(engine: Engine, options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !options.allowRemote) {
    throw new EngineError('invalid-request', `refusing to serve on ${host}: anyone who can reach it could use the app; pass --allow-remote to do it anyway`, { field: 'host' });
  }
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sockets = new Set<EventSocket>();
  const unsubscribers = (Object.keys(events) as (keyof typeof events)[]).map((event) =>
    engine.events.on(event, (payload) => {
      const text = JSON.stringify({ event, payload });
      for (const s of sockets) if (s.isOpen) s.sendText(text); else sockets.delete(s);
    }),
  );

  const authorised = (req: http.IncomingMessage, url: URL): boolean => {
    const header = req.headers.authorization;
    const given = header?.startsWith('Bearer ') ? header.slice(7) : url.searchParams.get('token') ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (url.pathname.startsWith('/api/')) {
      if (!authorised(req, url)) return json(res, 401, { code: 'unauthorised', message: 'missing or wrong access token' });
      const reportFile = /^\/api\/reports\/(\d+)\/file$/.exec(url.pathname);
      if (reportFile) return sendReport(engine, Number(reportFile[1]), req, res);
      const channel = decodeURIComponent(url.pathname.slice('/api/'.length)) as Channel;
      if (!(channel in channels)) return json(res, 404, { code: 'not-found', message: `unknown channel "${channel}"` });
      if (req.method !== 'POST') return json(res, 405, { code: 'invalid-request', message: 'use POST with a JSON body' });
      let body: unknown;
      try {
        const text = await readBody(req);
        body = text ? JSON.parse(text) : {};
      } catch (e) {
        return json(res, 400, { code: 'invalid-request', message: `request body is not JSON: ${(e as Error).message}` });
      }
      try {
        return json(res, 200, await engine.invoke(channel, body as never));
      } catch (e) {
        const err = serializeError(e);
        return json(res, STATUS[err.code], err);
      }
    }
    serveStatic(options.staticDir, url.pathname, res);
  });

  server.on('upgrade', (req, socket) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/events') return void socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    if (!authorised(req, url)) return void socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
    const ws = EventSocket.accept(req, socket);
    if (ws) sockets.add(ws);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    host,
    port,
    close: async () => {
      unsubscribers.forEach((u) => u());
      for (const s of sockets) s.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** An exported report's file as a download (GET only; the file was written by 'report:export'). */
function sendReport(engine: Engine, id: number, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.method !== 'GET') return json(res, 405, { code: 'invalid-request', message: 'use GET' });
  let file: { path: string; media_type: string; file_name: string };
  try {
    file = engine.reportFile(id);
  } catch (e) {
    const err = serializeError(e);
    return json(res, STATUS[err.code], err);
  }
  res.writeHead(200, {
    'Content-Type': file.media_type,
    'Content-Length': statSync(file.path).size,
    'Content-Disposition': `attachment; filename="${file.file_name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.file_name)}`,
    'Cache-Control': 'no-store',
  });
  createReadStream(file.path).pipe(res);
}

function json(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(value));
}

const MAX_BODY = 1 << 20;

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('larger than 1 MiB'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function serveStatic(dir: string | undefined, pathname: string, res: http.ServerResponse): void {
  if (!dir || !existsSync(path.join(dir, 'index.html'))) {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('CatLIP Pilot API is running under /api/. The UI is not built here (see README: renderer).\n');
    return;
  }
  const root = path.resolve(dir);
  let file = path.resolve(root, `.${decodeURIComponent(pathname)}`);
  if (!file.startsWith(root + path.sep) && file !== root) {
    res.writeHead(403).end();
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = path.join(root, 'index.html'); // single-page app
  res.writeHead(200, {
    'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'",
  });
  createReadStream(file).pipe(res);
}
