import type { IncomingMessage } from 'node:http';
import os from 'node:os';

/**
 * Which `Host` headers serve mode answers. A browser tricked by DNS rebinding sends the attacker's name as
 * Host, so only names that really mean this server pass: loopback names, the bound address (every local
 * interface address when bound to a wildcard) and the names given with `--allow-host`.
 */
export function hostAllowlist(boundHost: string, extraNames: readonly string[] = []): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '::1', boundHost, ...extraNames].map(normalHost));
  if (boundHost === '0.0.0.0' || boundHost === '::') {
    for (const list of Object.values(os.networkInterfaces()))
      for (const a of list ?? []) names.add(normalHost(a.address));
  }
  return names;
}

/** Lower case, no IPv6 brackets, no trailing dot. */
function normalHost(name: string): string {
  return name
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

/** The host name of a `Host` header value (`name:port`, `[v6]:port`), or null when it is not one. */
export function hostNameOf(header: string | undefined): string | null {
  if (!header || /[\s/@?#\\]/.test(header)) return null;
  try {
    return normalHost(new URL(`http://${header}`).hostname);
  } catch {
    return null;
  }
}

export function isAllowedHost(req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const name = hostNameOf(req.headers.host);
  return name !== null && allowed.has(name);
}

/**
 * A browser always sends Origin on a WebSocket upgrade; a page from another site (cross-site WebSocket
 * hijacking) shows its own. Tools without a browser (CLI scripts) send none and rely on the token alone.
 */
export function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === req.headers.host?.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * Headers on every answer: no sniffing, no referrer (the first page load carries the token in its URL),
 * no framing, and a CSP whose connect-src is this origin's HTTP and WebSocket only.
 */
export function securityHeaders(host: string | undefined): Record<string, string> {
  const self = host ? ` http://${host} ws://${host}` : '';
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': [
      "default-src 'self'",
      `connect-src 'self'${self}`,
      "img-src 'self' data: blob:",
      "style-src 'self' 'unsafe-inline'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
    ].join('; '),
  };
}
