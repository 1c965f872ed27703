import { describe, expect, it } from 'vitest';
import type { DesktopPreferences } from '../shared/desktop.js';
import { RunNotifier } from './run-notifier.js';

function setup(locale = 'en-US', prefs: DesktopPreferences = { notifications: true, taskbarProgress: true }) {
  const notes: string[] = [];
  const bars: number[] = [];
  const notifier = new RunNotifier({ notify: (_t, body) => notes.push(body), setProgressBar: (f) => bars.push(f), preferences: () => prefs }, locale);
  return { notifier, notes, bars, prefs };
}

const started = (run: number) => ({ type: 'started' as const, run, backend: 'cpu', device: 'cpu', notes: [], resumed_from: null, parameters: 1 });
const step = (run: number, s: number, steps: number) => ({
  type: 'step' as const, run, step: s, steps, loss: 1, lr: 0.1, grad_norm: 1, images_per_second: 1, data_ms: 1, compute_ms: 1, eta_seconds: null, memory_mb: 1,
});

describe('run notifier', () => {
  it('shows training progress on the taskbar and removes it when the run ends', () => {
    const { notifier, bars, notes } = setup();
    notifier.onTrainerMessage(started(1));
    notifier.onTrainerMessage(step(1, 5, 20));
    notifier.onTrainerMessage({ type: 'finished', run: 1, status: 'completed', step: 20 });
    expect(bars).toEqual([0, 0.25, -1]);
    expect(notes).toEqual(['Run 1 completed.']);
  });

  it('says failed, or interrupted where the run can be resumed; a cancel is not announced', () => {
    const { notifier, notes } = setup();
    notifier.onTrainerMessage({ type: 'failed', run: 2, message: 'out of memory' });
    notifier.onTrainerMessage({ type: 'failed', run: 3, message: 'trainer stopped', resumable: true });
    notifier.onTrainerMessage({ type: 'finished', run: 4, status: 'cancelled', step: 3 });
    expect(notes).toEqual(['Run 2 failed. Open the Run screen for the reason.', 'Run 3 was interrupted; it can be resumed from its last checkpoint.']);
  });

  it('speaks Japanese on a Japanese system and reports an engine crash during training', () => {
    const { notifier, notes, bars } = setup('ja');
    notifier.onEngineCrashed(); // nothing was training: nothing to say
    notifier.onTrainerMessage(step(7, 1, 2));
    notifier.onEngineCrashed();
    expect(notes).toEqual(['エンジンが予期せず停止したため、実行中の学習が中断されました。']);
    expect(bars.at(-1)).toBe(-1);
  });

  it('obeys the preferences: no notification, no taskbar bar', () => {
    const { notifier, notes, bars } = setup('en', { notifications: false, taskbarProgress: false });
    notifier.onTrainerMessage(step(1, 1, 2));
    notifier.onTrainerMessage({ type: 'finished', run: 1, status: 'completed', step: 2 });
    expect(notes).toEqual([]);
    expect(bars.every((b) => b === -1)).toBe(true);
  });
});
