import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { channels, events, type Channel } from '../../shared/channels.js';
import { EngineError, serializeError, type ErrorCode, noteError } from '../../shared/errors.js';
import { MAX_UPLOAD_BASE64, MAX_UPLOAD_BYTES } from '../../shared/models.js';
import type { AllowedRoots } from '../api/allowed-roots.js';
import type { Engine } from '../api/engine.js';
import { confineRequest } from './confine-request.js';
import { EventHub } from './event-hub.js';
import { archiveMembers, sendArchive } from './send-archive.js';
import { hostAllowlist, isAllowedHost, isSameOrigin, securityHeaders } from './request-guard.js';

/**
 * Serve mode: the renderer and the API over HTTP for a headless GPU workstation.
 * - `POST /api/<channel>` with the JSON request → the JSON response (validated by the channel map), or
 *   `{code, message}` with a 4xx/5xx status.
 * - `POST /api/files/archive` with `{files, name}` → those exported files as one tar download.
 * - `GET /api/events` (WebSocket) → `{event, payload}` messages, one per engine event.
 * - Every `/api/` request needs the access token (`Authorization: Bearer …`, or `?token=…` for the
 *   WebSocket, which browsers cannot give headers); anything else gets 401.
 * - Binds to 127.0.0.1 unless the caller explicitly allows another address; answers only Host names that
 *   mean this server; file paths in requests stay inside the allowed roots.
 * - Every request handler is total: whatever a request holds, it gets an answer and the server lives on.
 */
export interface ServeOptions {
  host?: string;
  port?: number;
  /** Must be true to bind anything but a loopback address. */
  allowRemote?: boolean;
  /** Further names the server is reached by (`--allow-host`), for the Host check. */
  allowHosts?: readonly string[];
  /** Folders besides the data home that requests may read and write (`--allow-path`). */
  allowPaths?: readonly string[];
  /** Built renderer (index.html and assets); when absent, `/` explains how to build it. */
  staticDir?: string;
  token?: string;
}

export interface RunningServer {
  url: string;
  token: string;
  host: string;
  port: number;
  /** Where requests may read and write: the data home and `--allow-path` folders. */
  roots: AllowedRoots;
  close(): Promise<void>;
}

const STATUS: Record<ErrorCode, number> = {
  'invalid-request': 400,
  'invalid-data': 422,
  'not-found': 404,
  conflict: 409,
  unsupported: 422,
  io: 500,
  cancelled: 409,
  internal: 500,
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** Answered when a request cannot be read at all (bad percent-encoding, malformed URL). */
class BadRequest extends Error {}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export async function startServer(engine: Engine, options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !options.allowRemote) {
    throw new EngineError(
      'invalid-request',
      `refusing to serve on ${host}: anyone who can reach it could use the app; pass --allow-remote to do it anyway`,
      { field: 'host' },
    );
  }
  const token = options.token ?? randomBytes(24).toString('base64url');
  const hosts = hostAllowlist(host, options.allowHosts);
  const roots: AllowedRoots = [engine.home, ...(options.allowPaths ?? [])].map((p) => path.resolve(p));
  // the file browser lists the same folders the server lets requests use
  for (const root of roots) if (!engine.browseRoots.includes(root)) engine.browseRoots.push(root);
  const hub = new EventHub();
  const unsubscribers = (Object.keys(events) as (keyof typeof events)[]).map((event) =>
    engine.events.on(event, (payload) => hub.broadcast(JSON.stringify({ event, payload }))),
  );

  const authorised = (req: http.IncomingMessage, url: URL): boolean => {
    const header = req.headers.authorization;
    const given = header?.startsWith('Bearer ') ? header.slice(7) : (url.searchParams.get('token') ?? '');
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const knownHost = isAllowedHost(req, hosts);
    // the CSP names the Host only once it is known to mean this server
    for (const [k, v] of Object.entries(securityHeaders(knownHost ? req.headers.host : undefined))) res.setHeader(k, v);
    if (!knownHost)
      return json(res, 421, {
        code: 'invalid-request',
        message: 'this server does not answer to that Host name; start serve with --allow-host NAME',
      });
    const url = parseUrl(req.url);
    if (url.pathname.startsWith('/api/')) {
      if (!authorised(req, url))
        return json(res, 401, { code: 'unauthorised', message: 'missing or wrong access token' });
      const reportFile = /^\/api\/reports\/(\d+)\/file$/.exec(url.pathname);
      if (reportFile) return sendReport(engine, Number(reportFile[1]), req, res);
      if (url.pathname === '/api/files/archive') return downloadArchive(req, res, roots);
      const channel = decodePath(url.pathname.slice('/api/'.length)) as Channel;
      if (!Object.hasOwn(channels, channel))
        return json(res, 404, { code: 'not-found', message: `unknown channel "${channel}"` });
      if (req.method !== 'POST')
        return json(res, 405, { code: 'invalid-request', message: 'use POST with a JSON body' });
      let body: unknown;
      try {
        const text = await readBody(req, bodyLimit(channel));
        body = text ? JSON.parse(text) : {};
      } catch (e) {
        if (e instanceof BodyTooLarge) {
          // answer first, then drop the rest of the upload with the connection
          res.setHeader('Connection', 'close');
          res.once('finish', () => req.destroy());
          return json(res, 413, { code: 'invalid-request', message: e.message });
        }
        return json(res, 400, {
          code: 'invalid-request',
          message: `request body is not JSON: ${(e as Error).message}`,
        });
      }
      confineRequest(channel, body, roots);
      return json(res, 200, await engine.invoke(channel, body as never));
    }
    serveStatic(options.staticDir, decodePath(url.pathname), res);
  };

  const server = http.createServer((req, res) => {
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    handle(req, res).catch((e: unknown) => {
      if (e instanceof BadRequest) return json(res, 400, { code: 'invalid-request', message: e.message });
      const err = serializeError(e);
      json(res, STATUS[err.code] ?? 500, err);
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    try {
      const url = parseUrl(req.url);
      if (!isAllowedHost(req, hosts)) return refuse(socket, '421 Misdirected Request');
      if (url.pathname !== '/api/events') return refuse(socket, '404 Not Found');
      if (!isSameOrigin(req)) return refuse(socket, '403 Forbidden');
      if (!authorised(req, url)) return refuse(socket, '401 Unauthorized');
      hub.accept(req, socket, head);
    } catch {
      refuse(socket, '400 Bad Request');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  server.on('error', () => undefined); // after listening, socket-level errors belong to their connections
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    host,
    port,
    roots,
    close: async () => {
      unsubscribers.forEach((u) => u());
      hub.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    },
  };
}

function refuse(socket: import('node:stream').Duplex, status: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  else socket.destroy();
}

function parseUrl(raw: string | undefined): URL {
  try {
    return new URL(raw ?? '/', 'http://localhost');
  } catch {
    throw new BadRequest('malformed request URL');
  }
}

function decodePath(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new BadRequest('malformed percent-encoding in the request path');
  }
}

/** An exported report's file as a download (GET only; the file was written by 'report:export'). */
function sendReport(engine: Engine, id: number, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.method !== 'GET') return json(res, 405, { code: 'invalid-request', message: 'use GET' });
  const file = engine.reportFile(id);
  let size: number;
  try {
    size = statSync(file.path).size;
  } catch {
    throw noteError('not-found', 'report.fileGoneServe', { id, file: file.file_name });
  }
  res.writeHead(200, {
    'Content-Type': file.media_type,
    'Content-Length': size,
    'Content-Disposition': `attachment; filename="${file.file_name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.file_name)}`,
    'Cache-Control': 'no-store',
  });
  pipeFile(file.path, res);
}

/** Exported files (inside the allowed roots) as one tar download: POST {files, name}. */
async function downloadArchive(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  roots: AllowedRoots,
): Promise<void> {
  if (req.method !== 'POST') return json(res, 405, { code: 'invalid-request', message: 'use POST with a JSON body' });
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req, MAX_BODY)) || '{}');
  } catch (e) {
    return json(res, 400, { code: 'invalid-request', message: `request body is not JSON: ${(e as Error).message}` });
  }
  const { name, members } = archiveMembers(body, roots);
  sendArchive(res, name, members);
}

/** Streams a file; a read error after the head went out can only cut the answer short. */
function pipeFile(file: string, res: http.ServerResponse): void {
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function json(res: http.ServerResponse, status: number, value: unknown): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(value));
}

const MAX_BODY = 1 << 20;
/** An image upload carries the image in its JSON (base64): room for the largest one and the other fields. */
const MAX_UPLOAD_BODY = MAX_UPLOAD_BASE64 + (64 << 10);

function bodyLimit(channel: Channel): number {
  return channel === 'predict:image' ? MAX_UPLOAD_BODY : MAX_BODY;
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new BodyTooLarge(channelLimitMessage(limit)));
        req.pause();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function channelLimitMessage(limit: number): string {
  return limit === MAX_BODY
    ? 'request body larger than 1 MiB'
    : `request body larger than ${(limit / 1024 / 1024).toFixed(1)} MiB: images up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB can be uploaded`;
}

function serveStatic(dir: string | undefined, pathname: string, res: http.ServerResponse): void {
  const index = dir ? path.join(dir, 'index.html') : undefined;
  if (!dir || !index || !isFile(index)) {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('CatLIP Pilot API is running under /api/. The UI is not built here (see README: renderer).\n');
    return;
  }
  const root = path.resolve(dir);
  let file = path.resolve(root, `.${pathname}`);
  if (pathname.includes('\0') || (!file.startsWith(root + path.sep) && file !== root)) {
    res.writeHead(403).end();
    return;
  }
  if (!isFile(file)) file = index; // single-page app
  res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream' });
  pipeFile(file, res);
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
