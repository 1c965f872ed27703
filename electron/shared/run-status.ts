import { z } from 'zod';
import type { TrainerMessage } from './training.js';

/**
 * The one definition of a training run's status, used by the channels, the cost comparison, the run
 * repository and the renderer; the `runs` table's CHECK constraint is tested against it.
 * - queued: stored, no trainer has started it yet (or a resume is on its way)
 * - running / paused: a trainer process owns it
 * - completed / cancelled / failed: the trainer ended it
 * - interrupted: its trainer process vanished (crash, kill, reboot); resumable from its last checkpoint
 */
export const RunStatusSchema = z.enum([
  'queued',
  'running',
  'paused',
  'completed',
  'cancelled',
  'interrupted',
  'failed',
]);
export type RunStatus = z.output<typeof RunStatusSchema>;

/** Statuses in which no trainer works on the run any more. */
export const ENDED_RUN_STATUSES = [
  'completed',
  'cancelled',
  'failed',
  'interrupted',
] as const satisfies readonly RunStatus[];

export function runHasEnded(status: RunStatus): boolean {
  return (ENDED_RUN_STATUSES as readonly RunStatus[]).includes(status);
}

/**
 * The status a run has after one message of its trainer: the one reducer every listener uses. Messages
 * that say nothing about the status (a checkpoint) leave `current` as it is; a step keeps a pause that
 * was already reported (steps still in flight arrive after 'paused').
 */
export function statusAfterMessage(current: RunStatus | null, m: TrainerMessage): RunStatus | null {
  switch (m.type) {
    case 'started':
    case 'resumed':
      return 'running';
    case 'step':
      return current === 'paused' ? 'paused' : 'running';
    case 'paused':
      return 'paused';
    case 'finished':
      return m.status;
    case 'failed':
      return 'failed';
    default:
      return current;
  }
}
