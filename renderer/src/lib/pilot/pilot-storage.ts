import type { Pilot } from './pilot-plan.ts';

/**
 * The pilot's copy in localStorage, so that a reload (or another tab) continues the same pilot. Storage that
 * is missing, full or holds something else never breaks the pilot: it is then simply not persisted.
 */
const STORAGE_KEY = 'catlip.pilot';

export function loadStoredPilot(): Pilot | null {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    const p = raw ? (JSON.parse(raw) as Pilot) : null;
    return p && Array.isArray(p.runs) ? p : null;
  } catch {
    return null;
  }
}

/** Stores a plain (snapshotted) pilot. */
export function storePilot(pilot: Pilot | null): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(pilot));
  } catch {
    /* not persisted */
  }
}

export function forgetStoredPilot(): void {
  try {
    globalThis.localStorage?.removeItem(STORAGE_KEY);
  } catch {
    /* nothing stored to forget */
  }
}
