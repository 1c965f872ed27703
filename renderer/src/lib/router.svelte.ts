/** Hash routing: `#/`, `#/datasets`, `#/new`, `#/run/12`, `#/compare?catlip=12&baseline=13`. The `?token=` is taken out of the address on load (api/index.ts). */
export type Route =
  | { name: 'home' }
  | { name: 'datasets' }
  | { name: 'new' }
  | { name: 'run'; run: number }
  | { name: 'compare'; catlip: number | null; baseline: number | null }
  | { name: 'report'; catlip: number | null; baseline: number | null }
  | { name: 'notfound'; path: string };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  const int = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : null);
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0) return { name: 'home' };
  if (parts[0] === 'datasets' && parts.length === 1) return { name: 'datasets' };
  if (parts[0] === 'new' && parts.length === 1) return { name: 'new' };
  if (parts[0] === 'run' && parts.length === 2 && int(parts[1]!) !== null) return { name: 'run', run: int(parts[1]!)! };
  if (parts[0] === 'compare' && parts.length === 1)
    return { name: 'compare', catlip: int(params.get('catlip')), baseline: int(params.get('baseline')) };
  if (parts[0] === 'report' && parts.length === 1)
    return { name: 'report', catlip: int(params.get('catlip')), baseline: int(params.get('baseline')) };
  return { name: 'notfound', path };
}

/** Where the last screen is remembered, so that the app opens where the user left it. */
const LAST_SCREEN_KEY = 'catlip.lastScreen';

/** The hash to open with: the page's own, else the last screen shown (if it still parses), else Home. */
export function startHash(hash: string, storage: Pick<Storage, 'getItem'> | undefined): string {
  if (hash && hash !== '#' && hash !== '#/') return hash;
  try {
    const last = storage?.getItem(LAST_SCREEN_KEY);
    if (last && parseHash(last).name !== 'notfound') return last;
  } catch {
    /* storage may be unavailable (private mode): start at Home */
  }
  return hash;
}

function remember(hash: string): void {
  try {
    if (parseHash(hash).name !== 'notfound') localStorage.setItem(LAST_SCREEN_KEY, hash);
  } catch {
    /* not remembering is harmless */
  }
}

const initialHash = typeof location !== 'undefined' ? startHash(location.hash, globalThis.localStorage) : '';
const state = $state<{ route: Route }>({ route: parseHash(initialHash) });

if (typeof window !== 'undefined') {
  if (initialHash && initialHash !== location.hash) history.replaceState(null, '', initialHash);
  window.addEventListener('hashchange', () => {
    state.route = parseHash(location.hash);
    remember(location.hash);
  });
}

export function currentRoute(): Route {
  return state.route;
}

/** Goes to `path` (e.g. `/run/3`), keeping the page's query string (the access token). */
export function navigate(path: string): void {
  const hash = `#${path.startsWith('/') ? path : `/${path}`}`;
  if (location.hash === hash) return;
  location.hash = hash;
  state.route = parseHash(hash);
  remember(hash);
}

export function compareHref(catlip: number | null, baseline: number | null): string {
  return pairHref('compare', catlip, baseline);
}

export function reportHref(catlip: number | null, baseline: number | null): string {
  return pairHref('report', catlip, baseline);
}

function pairHref(screen: 'compare' | 'report', catlip: number | null, baseline: number | null): string {
  const q = new URLSearchParams();
  if (catlip !== null) q.set('catlip', String(catlip));
  if (baseline !== null) q.set('baseline', String(baseline));
  const s = q.toString();
  return `#/${screen}${s ? `?${s}` : ''}`;
}
