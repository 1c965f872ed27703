import type { RunConfig } from '../../shared/training.js';
import type { BackendChoice } from './backends.js';

/**
 * A pilot's runs train on one device: the wizard and `demo` pin every later run to the backend and device
 * its first run resolved (config.backend + config.device). A pinned run whose device is gone (an adapter
 * disappeared, another backend would be picked now) fails with that reason instead of silently training on
 * other hardware, which would make the pilot's speed-up mix hardware and objective.
 */
export async function requirePinnedDevice<T extends { backend: BackendChoice; session: { dispose(): Promise<void> } }>(
  config: Pick<RunConfig, 'backend' | 'device'>,
  open: () => Promise<T>,
): Promise<T> {
  if (config.device === null) return open();
  const pinned = `${config.backend} on "${config.device}"`;
  let opened: T;
  try {
    opened = await open();
  } catch (e) {
    throw new Error(
      `this run is pinned to its pilot's device (${pinned}), which is not available now: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const mismatch = pinnedMismatch(config, opened.backend);
  if (mismatch) {
    await opened.session.dispose().catch(() => undefined);
    throw new Error(mismatch);
  }
  return opened;
}

/** Why `choice` is not the pinned device, or null when it is (or nothing is pinned). */
export function pinnedMismatch(
  config: Pick<RunConfig, 'backend' | 'device'>,
  choice: Pick<BackendChoice, 'backend' | 'device'>,
): string | null {
  if (config.device === null) return null;
  if (choice.backend === config.backend && choice.device === config.device) return null;
  return (
    `this run is pinned to its pilot's device (${config.backend} on "${config.device}"), which is not available now: ` +
    `this machine offers ${choice.backend} on "${choice.device}"; the run did not start, so that its speed stays comparable with the pilot's other runs ` +
    `(start a new pilot to train on the device available now)`
  );
}
