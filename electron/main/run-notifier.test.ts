import { describe, expect, it } from 'vitest';
import type { DesktopPreferences } from '../shared/desktop.js';
import { RunNotifier } from './run-notifier.js';

function setup(
  locale = 'en-US',
  prefs: DesktopPreferences = { notifications: true, taskbarProgress: true, pilotNotifications: true },
) {
  const notes: string[] = [];
  const bars: number[] = [];
  const notifier = new RunNotifier(
    { notify: (_t, body) => notes.push(body), setProgressBar: (f) => bars.push(f), preferences: () => prefs },
    locale,
  );
  return { notifier, notes, bars, prefs };
}

const started = (run: number) => ({
  type: 'started' as const,
  run,
  backend: 'cpu',
  device: 'cpu',
  notes: [],
  resumed_from: null,
  parameters: 1,
});
const step = (run: number, s: number, steps: number, imagesPerSecond = 1) => ({
  type: 'step' as const,
  run,
  step: s,
  steps,
  loss: 1,
  lr: 0.1,
  grad_norm: 1,
  images_per_second: imagesPerSecond,
  data_ms: 1,
  compute_ms: 1,
  eta_seconds: null,
  memory_mb: 1,
});
const completed = (run: number) => ({ type: 'finished' as const, run, status: 'completed' as const, step: 2 });
/** The demo's pilot: CatLIP and CLIP, two seeds, started one after another. */
const plan = (id: string, started: (number | null)[]) => ({
  id,
  runs: started.map((run, i) => ({ run, objective: i % 2 === 0 ? 'catlip' : 'clip' })),
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
    expect(notes).toEqual([
      'Run 2 failed. Open the Run screen for the reason.',
      'Run 3 was interrupted; it can be resumed from its last checkpoint.',
    ]);
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
    const { notifier, notes, bars } = setup('en', {
      notifications: false,
      taskbarProgress: false,
      pilotNotifications: false,
    });
    notifier.onTrainerMessage(step(1, 1, 2));
    notifier.onTrainerMessage({ type: 'finished', run: 1, status: 'completed', step: 2 });
    expect(notes).toEqual([]);
    expect(bars.every((b) => b === -1)).toBe(true);
  });

  it("announces a whole pilot once, with CatLIP's speed-up, instead of one notification per run", () => {
    const { notifier, notes } = setup();
    notifier.setPilot(plan('p', [11, null, null, null]));
    notifier.onTrainerMessage(step(11, 1, 2, 260));
    notifier.onTrainerMessage(step(11, 2, 2, 262));
    notifier.onTrainerMessage(completed(11));
    notifier.setPilot(plan('p', [11, 12, null, null]));
    notifier.onTrainerMessage(step(12, 1, 2, 100));
    notifier.onTrainerMessage(completed(12));
    notifier.setPilot(plan('p', [11, 12, 13, 14]));
    notifier.onTrainerMessage(step(13, 1, 2, 261));
    notifier.onTrainerMessage(completed(13));
    expect(notes).toEqual([]); // the pilot still runs: its runs say nothing
    notifier.onTrainerMessage(step(14, 1, 2, 100));
    notifier.onTrainerMessage(completed(14));
    expect(notes).toEqual(['Pilot finished: CatLIP 2.6× as fast as CLIP. Open Compare for the results.']);
    notifier.setPilot(plan('p', [11, 12, 13, 14])); // sent again after its end: not announced twice
    expect(notes).toHaveLength(1);
  });

  it('says which run stopped a pilot; a run outside the pilot still has its own notification', () => {
    const { notifier, notes } = setup('ja');
    notifier.setPilot(plan('q', [21, null, null]));
    notifier.onTrainerMessage(completed(21));
    notifier.onTrainerMessage(completed(5));
    notifier.setPilot(plan('q', [21, 22, null]));
    notifier.onTrainerMessage({ type: 'failed', run: 22, message: 'out of memory' });
    expect(notes).toEqual(['ラン 5 が完了しました。', 'パイロット停止: ラン 22 が失敗しました。']);
  });

  it('counts a run that ended before the plan naming it arrived, and a pilot the user cancelled is not announced', () => {
    const { notifier, notes } = setup();
    notifier.setPilot(plan('r', [31, null]));
    notifier.onTrainerMessage(completed(31));
    notifier.onTrainerMessage(completed(32)); // not yet in the plan: announced as a run
    notifier.setPilot(plan('r', [31, 32]));
    expect(notes).toEqual(['Run 32 completed.', 'Pilot finished: all 2 runs completed.']);
    notifier.setPilot(plan('s', [41, null]));
    notifier.onTrainerMessage({ type: 'finished', run: 41, status: 'cancelled', step: 1 });
    expect(notes).toHaveLength(2);
  });

  it("with pilot notifications off, the pilot's runs announce themselves and the pilot says nothing", () => {
    const { notifier, notes } = setup('en', { notifications: true, taskbarProgress: true, pilotNotifications: false });
    notifier.setPilot(plan('t', [51, 52]));
    notifier.onTrainerMessage(completed(51));
    notifier.onTrainerMessage(completed(52));
    expect(notes).toEqual(['Run 51 completed.', 'Run 52 completed.']);
  });

  it('a pilot stopped by an interrupted run is announced again when the resumed run finishes it', () => {
    const { notifier, notes } = setup();
    notifier.setPilot(plan('u', [61, 62]));
    notifier.onTrainerMessage(completed(61));
    notifier.onTrainerMessage({ type: 'failed', run: 62, message: 'trainer stopped', resumable: true });
    notifier.onTrainerMessage({ type: 'resumed', run: 62, step: 1 });
    notifier.onTrainerMessage(completed(62));
    expect(notes).toEqual([
      'Pilot stopped: run 62 was interrupted (resumable).',
      'Pilot finished: all 2 runs completed.',
    ]);
  });
});
