import { noteError } from '../../shared/errors.js';
import type { Db } from '../store/database.js';

/**
 * Imports in progress, by dataset name, per database: what 'datasets:import:cancel' aborts. The import
 * pipeline registers itself, so every caller (the import channel, demo:prepare, the CLI) is cancellable
 * without passing signals around. Keyed by the Db object because tests and serve mode may open several.
 */
const running = new WeakMap<Db, Map<string, AbortController>>();

export interface TrackedImport {
  /** Aborts when the import is cancelled or when the caller's own signal aborts. */
  signal: AbortSignal;
  release(): void;
}

/**
 * Registers an import into `dataset`. A second import into the same dataset at the same time is refused:
 * both would take image-cache record numbers from the same database state and overwrite each other.
 */
export function trackImport(db: Db, dataset: string, outer?: AbortSignal): TrackedImport {
  let byName = running.get(db);
  if (!byName) running.set(db, (byName = new Map()));
  if (byName.has(dataset)) throw noteError('conflict', 'import.running', { dataset });
  const controller = new AbortController();
  const forward = () => controller.abort(outer?.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener('abort', forward, { once: true });
  byName.set(dataset, controller);
  return {
    signal: controller.signal,
    release() {
      outer?.removeEventListener('abort', forward);
      if (byName.get(dataset) === controller) byName.delete(dataset);
    },
  };
}

/** Aborts the running import into `dataset`; false when none runs. The import keeps what it stored so far. */
export function cancelImport(db: Db, dataset: string): boolean {
  const controller = running.get(db)?.get(dataset);
  if (!controller) return false;
  controller.abort(noteError('cancelled', 'import.cancelled', { dataset }));
  return true;
}

export function isImportRunning(db: Db, dataset: string): boolean {
  return running.get(db)?.has(dataset) ?? false;
}
