import { ApiError } from './errors.ts';
import { createServeApi } from './serve-client.ts';
import type { CatlipApi } from './types.ts';

export type { CatlipApi } from './types.ts';
export { ApiError, toApiError } from './errors.ts';

const TOKEN_KEY = 'catlip-token';

/**
 * Makes sure `window.catlip` exists: Electron's preload provides it; otherwise (serve mode) it is built
 * from the page's origin and the `?token=` in its URL. Returns null when neither is available. The token
 * is then taken out of the address bar (so it is not in history, bookmarks, shared screenshots or a
 * Referer) and kept in this tab's session storage, so a reload still works; closing the tab forgets it.
 */
export function installApi(win: Window = window): CatlipApi | null {
  if (win.catlip) return win.catlip;
  const params = new URLSearchParams(win.location.search);
  const token = params.get('token') ?? readStoredToken(win);
  if (!token) return null;
  const api = createServeApi({ baseUrl: win.location.origin, token });
  win.catlip = api;
  if (params.has('token')) {
    storeToken(win, token);
    params.delete('token');
    const query = params.toString();
    win.history?.replaceState(
      win.history.state,
      '',
      `${win.location.pathname}${query ? `?${query}` : ''}${win.location.hash}`,
    );
  }
  return api;
}

function readStoredToken(win: Window): string | null {
  try {
    return win.sessionStorage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null; // storage disabled: the printed URL is needed again after a reload
  }
}

function storeToken(win: Window, token: string): void {
  try {
    win.sessionStorage?.setItem(TOKEN_KEY, token);
  } catch {
    // storage disabled: the token lives in memory only
  }
}

/** The installed API (screens call this when they need it, so tests can install a fake first). */
export function api(): CatlipApi {
  const a = typeof window !== 'undefined' ? window.catlip : undefined;
  if (!a) throw new ApiError('unauthorised', 'no engine connection: this page was opened without its access token');
  return a;
}
