import type { Channel } from '../../shared/channels.js';
import { resolveInsideRoots, type AllowedRoots } from '../api/allowed-roots.js';

/** The request fields that name a file or folder on the serving machine, per channel. */
const PATH_FIELDS: Partial<Record<Channel, readonly string[]>> = {
  'datasets:import': ['path'],
  'export:corenet': ['out'],
  'report:export': ['out'],
};

/**
 * Refuses a serve-mode request whose paths leave the allowed roots (before the engine sees it). Fields of
 * the wrong type are left to the channel's schema, which answers them with a 400 naming the field.
 */
export function confineRequest(channel: Channel, body: unknown, roots: AllowedRoots): void {
  const fields = PATH_FIELDS[channel];
  if (!fields || typeof body !== 'object' || body === null) return;
  for (const field of fields) {
    const value = (body as Record<string, unknown>)[field];
    if (typeof value === 'string' && value.length > 0) resolveInsideRoots(value, roots, field);
  }
}
