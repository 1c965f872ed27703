import { realpathSync } from 'node:fs';
import path from 'node:path';
import { EngineError, noteError } from '../../shared/errors.js';

/**
 * Folders a request may read from or write to when the engine is reached over the network (serve mode):
 * the data home plus the folders named at start (`--allow-path`). The desktop app does not confine: its
 * paths come from the user's own file dialogs.
 */
export type AllowedRoots = readonly string[];

/** The real path of `p`, following symlinks as far as the path exists (a link inside a root may point out). */
function realPathOf(p: string): string {
  const resolved = path.resolve(p);
  const missing: string[] = [];
  let at = resolved;
  for (;;) {
    try {
      return path.join(realpathSync(at), ...missing.reverse());
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return resolved;
      missing.push(path.basename(at));
      at = parent;
    }
  }
}

export function isInsideRoots(p: string, roots: AllowedRoots): boolean {
  const real = realPathOf(p);
  return roots.some((root) => {
    const r = realPathOf(root);
    return real === r || real.startsWith(r.endsWith(path.sep) ? r : r + path.sep);
  });
}

/**
 * The one check for every path a remote request names (import sources, export folders, image roots):
 * returns the absolute path, or refuses with an error that says how to allow it.
 */
export function resolveInsideRoots(p: string, roots: AllowedRoots, field: string): string {
  if (p.includes('\0')) throw new EngineError('invalid-request', `${field}: contains a NUL byte`);
  if (!isInsideRoots(p, roots)) {
    throw noteError('invalid-request', 'roots.outside', { field, path: p, roots: roots.join(', ') }, { field });
  }
  return path.resolve(p);
}

/**
 * The existing real path of `target` (symbolic links resolved) when it is a root or inside one; null when it is
 * outside or does not exist. Serve mode's file browser lists only such folders.
 */
export function insideAllowedRoots(target: string, roots: AllowedRoots): string | null {
  let real: string;
  try {
    real = realpathSync(path.resolve(target));
  } catch {
    return null;
  }
  return isInsideRoots(real, roots) ? real : null;
}
