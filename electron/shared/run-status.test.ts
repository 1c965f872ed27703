import { describe, expect, it } from 'vitest';
import { RunStatusSchema, runHasEnded, statusAfterMessage } from './run-status.js';
import type { TrainerMessage } from './training.js';

describe('run status', () => {
  const step = (run: number): TrainerMessage => ({
    type: 'step',
    run,
    step: 3,
    steps: 10,
    loss: 1,
    lr: 0.1,
    grad_norm: 1,
    images_per_second: 5,
    data_ms: 1,
    compute_ms: 2,
    eta_seconds: 4,
    memory_mb: 1,
  });

  it('follows the trainer messages of a run that starts, pauses, resumes and completes', () => {
    const messages: TrainerMessage[] = [
      { type: 'started', run: 1, backend: 'cpu', device: 'x', notes: [], resumed_from: null, parameters: 1 },
      step(1),
      { type: 'paused', run: 1, step: 3 },
      step(1), // a step in flight when the pause was reported
      { type: 'checkpoint', run: 1, step: 3, bytes: 1, seconds: 0 },
      { type: 'resumed', run: 1, step: 3 },
      step(1),
      { type: 'finished', run: 1, status: 'completed', step: 10 },
    ];
    const seen: (string | null)[] = [];
    messages.reduce<ReturnType<typeof statusAfterMessage>>((s, m) => {
      const next = statusAfterMessage(s, m);
      seen.push(next);
      return next;
    }, 'queued');
    expect(seen).toEqual(['running', 'running', 'paused', 'paused', 'paused', 'running', 'running', 'completed']);
  });

  it('a failure or a cancel ends the run; a queued run becomes running at its first step', () => {
    expect(statusAfterMessage('running', { type: 'failed', run: 1, message: 'x' })).toBe('failed');
    expect(statusAfterMessage('paused', { type: 'finished', run: 1, status: 'cancelled', step: 2 })).toBe('cancelled');
    expect(statusAfterMessage('queued', step(1))).toBe('running');
    expect(statusAfterMessage(null, { type: 'checkpoint', run: 1, step: 3, bytes: 1, seconds: 0 })).toBeNull();
  });

  it('ended statuses are the ones without a trainer', () => {
    expect(RunStatusSchema.options.filter(runHasEnded)).toEqual(['completed', 'cancelled', 'interrupted', 'failed']);
  });
});
