import type { TrainerMessage } from '../shared/training.js';
import type { DesktopPreferences } from '../shared/desktop.js';

/** What the notifier needs of the app: an OS notification (Electron's Notification) and the window's taskbar bar. */
export interface NotifierOutputs {
  notify(title: string, body: string): void;
  /** BrowserWindow.setProgressBar: 0..1 while training, -1 removes the bar. */
  setProgressBar(fraction: number): void;
  preferences(): DesktopPreferences;
}

type Ending = 'completed' | 'cancelled' | 'failed' | 'interrupted';

const TEXT = {
  en: {
    title: 'CatLIP Pilot',
    completed: (run: number) => `Run ${run} completed.`,
    failed: (run: number) => `Run ${run} failed. Open the Run screen for the reason.`,
    interrupted: (run: number) => `Run ${run} was interrupted; it can be resumed from its last checkpoint.`,
    crashed: 'The engine stopped unexpectedly; running training was interrupted.',
  },
  ja: {
    title: 'CatLIP Pilot',
    completed: (run: number) => `ラン ${run} が完了しました。`,
    failed: (run: number) => `ラン ${run} が失敗しました。理由は「実行」画面で確認できます。`,
    interrupted: (run: number) => `ラン ${run} が中断されました。最後のチェックポイントから再開できます。`,
    crashed: 'エンジンが予期せず停止したため、実行中の学習が中断されました。',
  },
} as const;

/**
 * Turns the engine's training events into desktop signals: an OS notification when a run completes, fails or
 * is interrupted (and when the engine itself crashes), and the taskbar/Dock progress bar while any run trains
 * (the mean of the running runs' progress), removed when none is. Both obey the desktop preferences.
 */
export class RunNotifier {
  private readonly progress = new Map<number, number>();
  private readonly text: (typeof TEXT)['en' | 'ja'];

  constructor(private readonly out: NotifierOutputs, locale: string) {
    this.text = locale.toLowerCase().startsWith('ja') ? TEXT.ja : TEXT.en;
  }

  onTrainerMessage(message: TrainerMessage): void {
    switch (message.type) {
      case 'started':
        this.progress.set(message.run, 0);
        break;
      case 'step':
        this.progress.set(message.run, message.steps > 0 ? message.step / message.steps : 0);
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

  private end(run: number, ending: Ending): void {
    this.progress.delete(run);
    this.showProgress();
    // a cancel is the user's own doing: nothing to tell them
    if (ending !== 'cancelled' && this.out.preferences().notifications) this.out.notify(this.text.title, this.text[ending](run));
  }

  private showProgress(): void {
    if (!this.out.preferences().taskbarProgress || this.progress.size === 0) return this.out.setProgressBar(-1);
    const values = [...this.progress.values()];
    this.out.setProgressBar(Math.min(1, Math.max(0, values.reduce((a, b) => a + b, 0) / values.length)));
  }
}
