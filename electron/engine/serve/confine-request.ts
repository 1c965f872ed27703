import type { Channel } from '../../shared/channels.js';
import { resolveInsideRoots, type AllowedRoots } from '../api/allowed-roots.js';

/** The request fields that name files or folders on the serving machine (a path, or a list of them), per channel; `a.b` is field b of object a. */
const PATH_FIELDS: Partial<Record<Channel, readonly string[]>> = {
  // imageRoots: the folders a manifest's image paths may point into, so they too stay inside the server's roots
  'datasets:import': ['path', 'imageRoots'],
  'files:browse': ['path'],
  'export:corenet': ['out'],
  'export:weights': ['out'],
  'report:export': ['out'],
  // an image the engine reads from its own disk (uploads carry their bytes instead)
  'predict:image': ['image.path'],
};

/**
 * Refuses a serve-mode request whose paths leave the allowed roots (before the engine sees it). Fields of
 * the wrong type are left to the channel's schema, which answers them with a 400 naming the field.
 */
export function confineRequest(channel: Channel, body: unknown, roots: AllowedRoots): void {
  const fields = PATH_FIELDS[channel];
  if (!fields || typeof body !== 'object' || body === null) return;
  for (const field of fields) {
    const value = field
      .split('.')
      .reduce<unknown>(
        (at, key) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined),
        body,
      );
    for (const p of Array.isArray(value) ? value : [value]) {
      if (typeof p === 'string' && p.length > 0) resolveInsideRoots(p, roots, field);
    }
  }
}
