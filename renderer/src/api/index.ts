import { ApiError } from './errors.ts';
import { createServeApi } from './serve-client.ts';
import type { CatlipApi } from './types.ts';

export type { CatlipApi } from './types.ts';
export { ApiError, toApiError } from './errors.ts';

/**
 * Makes sure `window.catlip` exists: Electron's preload provides it; otherwise (serve mode) it is built
 * from the page's origin and the `?token=` in its URL. Returns null when neither is available. The token
 * then lives in memory only: it is taken out of the address bar (and so out of history, bookmarks and
 * screenshots of the URL) as soon as it has been read.
 */
export function installApi(win: Window = window): CatlipApi | null {
  if (win.catlip) return win.catlip;
  const token = new URLSearchParams(win.location.search).get('token');
  if (!token) return null;
  const api = createServeApi({ baseUrl: win.location.origin, token });
  const params = new URLSearchParams(win.location.search);
  params.delete('token');
  const query = params.toString();
  win.history?.replaceState(win.history.state, '', `${win.location.pathname}${query ? `?${query}` : ''}${win.location.hash}`);
  win.catlip = api;
  return api;
}

/** The installed API (screens call this when they need it, so tests can install a fake first). */
export function api(): CatlipApi {
  const a = typeof window !== 'undefined' ? window.catlip : undefined;
  if (!a) throw new ApiError('unauthorised', 'no engine connection: this page was opened without its access token');
  return a;
}
