import type { TrainerMessage } from '../shared/training.js';
import type { DesktopPreferences, PilotPlan } from '../shared/desktop.js';
import { PilotWatch, type PilotOutcome, type RunEnding } from './pilot-watch.js';

/** What the notifier needs of the app: an OS notification (Electron's Notification) and the window's taskbar bar. */
export interface NotifierOutputs {
  notify(title: string, body: string): void;
  /** BrowserWindow.setProgressBar: 0..1 while training, -1 removes the bar. */
  setProgressBar(fraction: number): void;
  preferences(): DesktopPreferences;
}

const TEXT = {
  en: {
    title: 'CatLIP Pilot',
    completed: (run: number) => `Run ${run} completed.`,
    failed: (run: number) => `Run ${run} failed. Open the Run screen for the reason.`,
    interrupted: (run: number) => `Run ${run} was interrupted; it can be resumed from its last checkpoint.`,
    crashed: 'The engine stopped unexpectedly; running training was interrupted.',
    pilotFinished: (runs: number) => `Pilot finished: all ${runs} runs completed.`,
    pilotFaster: (x: string, baseline: string) =>
      `Pilot finished: CatLIP ${x}× as fast as ${baseline}. Open Compare for the results.`,
    pilotStopped: (run: number, why: string) => `Pilot stopped: run ${run} ${why}.`,
    why: { failed: 'failed', interrupted: 'was interrupted (resumable)' },
  },
  ja: {
    title: 'CatLIP Pilot',
    completed: (run: number) => `ラン ${run} が完了しました。`,
    failed: (run: number) => `ラン ${run} が失敗しました。理由は「実行」画面で確認できます。`,
    interrupted: (run: number) => `ラン ${run} が中断されました。最後のチェックポイントから再開できます。`,
    crashed: 'エンジンが予期せず停止したため、実行中の学習が中断されました。',
    pilotFinished: (runs: number) => `パイロット完了: ${runs} 件のランがすべて完了しました。`,
    pilotFaster: (x: string, baseline: string) =>
      `パイロット完了: CatLIP は ${baseline} の ${x} 倍の速さでした。結果は「比較」画面で確認できます。`,
    pilotStopped: (run: number, why: string) => `パイロット停止: ラン ${run} が${why}。`,
    why: { failed: '失敗しました', interrupted: '中断されました (再開できます)' },
  },
} as const;

const OBJECTIVE_NAMES: Record<string, string> = { catlip: 'CatLIP', clip: 'CLIP', superclass: 'SuperClass' };

/**
 * Turns the engine's training events into desktop signals: an OS notification when a run completes, fails or
 * is interrupted (and when the engine itself crashes), one when the renderer's whole pilot has finished or
 * stopped, and the taskbar/Dock progress bar while any run trains (the mean of the running runs' progress),
 * removed when none is. All obey the desktop preferences. While pilot notifications are on, the pilot's own
 * runs announce nothing themselves: a pilot of six runs raises one notification, not six.
 */
export class RunNotifier {
  private readonly progress = new Map<number, number>();
  private readonly pilot = new PilotWatch();
  private readonly text: (typeof TEXT)['en' | 'ja'];

  constructor(
    private readonly out: NotifierOutputs,
    locale: string,
  ) {
    this.text = locale.toLowerCase().startsWith('ja') ? TEXT.ja : TEXT.en;
  }

  onTrainerMessage(message: TrainerMessage): void {
    switch (message.type) {
      case 'started':
      case 'resumed':
        this.pilot.onStarted(message.run);
        if (message.type === 'started') this.progress.set(message.run, 0);
        else return;
        break;
      case 'step':
        this.progress.set(message.run, message.steps > 0 ? message.step / message.steps : 0);
        this.pilot.onStep(message.run, message.images_per_second);
        break;
      case 'finished':
        this.end(message.run, message.status);
        return;
      case 'failed':
        this.end(message.run, message.resumable ? 'interrupted' : 'failed');
        return;
      default:
        return;
    }
    this.showProgress();
  }

  /** The engine's process died: every run it was training is interrupted. */
  onEngineCrashed(): void {
    const wasTraining = this.progress.size > 0;
    this.progress.clear();
    this.showProgress();
    if (wasTraining && this.out.preferences().notifications) this.out.notify(this.text.title, this.text.crashed);
  }

  /** The renderer's current pilot (null: none); announces its end if it has already ended. */
  setPilot(plan: PilotPlan | null): void {
    this.announcePilot(this.pilot.setPlan(plan));
  }

  private end(run: number, ending: RunEnding): void {
    this.progress.delete(run);
    this.showProgress();
    const prefs = this.out.preferences();
    const inPilot = this.pilot.has(run);
    const outcome = this.pilot.onEnd(run, ending);
    if (inPilot && prefs.pilotNotifications) return this.announcePilot(outcome);
    // a cancel is the user's own doing: nothing to tell them
    if (ending !== 'cancelled' && prefs.notifications) this.out.notify(this.text.title, this.text[ending](run));
    this.announcePilot(outcome);
  }

  private announcePilot(outcome: PilotOutcome | null): void {
    if (!outcome || !this.out.preferences().pilotNotifications) return;
    if (outcome.kind === 'finished') {
      const s = outcome.speedup;
      const body = s
        ? this.text.pilotFaster(s.x.toFixed(1), OBJECTIVE_NAMES[s.baseline] ?? s.baseline)
        : this.text.pilotFinished(outcome.runs);
      return this.out.notify(this.text.title, body);
    }
    // a pilot the user cancelled stops by their own doing: nothing to tell them
    if (outcome.ending !== 'cancelled')
      this.out.notify(this.text.title, this.text.pilotStopped(outcome.run, this.text.why[outcome.ending]));
  }

  private showProgress(): void {
    if (!this.out.preferences().taskbarProgress || this.progress.size === 0) return this.out.setProgressBar(-1);
    const values = [...this.progress.values()];
    this.out.setProgressBar(Math.min(1, Math.max(0, values.reduce((a, b) => a + b, 0) / values.length)));
  }
}
