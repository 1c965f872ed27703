import { realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * The one check of what serve mode's file browser may list: the path, with symbolic links resolved, must be
 * one of the allowed roots or lie inside one. Returns the resolved path, or null when it is outside (or does
 * not exist). Kept as one small function so serve mode's allowed paths can be decided in one place.
 */
export function insideAllowedRoots(target: string, roots: readonly string[]): string | null {
  const real = realOrNull(path.resolve(target));
  if (real === null) return null;
  for (const root of roots) {
    const r = realOrNull(path.resolve(root));
    if (r !== null && (real === r || real.startsWith(r.endsWith(path.sep) ? r : r + path.sep))) return real;
  }
  return null;
}

function realOrNull(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}
