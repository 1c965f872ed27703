import { TrainerMessageSchema, type TrainerCommand, type TrainerMessage } from '../../shared/training.js';

/**
 * The seam between the engine and the process a trainer runs in. The CLI and serve mode fork a Node child
 * (launcher-side-node-child.ts); inside the desktop app the engine runs in an Electron utility process, which cannot
 * fork utility processes itself, so it asks Electron's main process to (launcher-side-utility-process.ts).
 * Either way the trainer is trainer-process.ts, and the engine sees the same handle.
 */
export type TrainerOutcome = Extract<TrainerMessage, { type: 'finished' | 'failed' }>;

export interface TrainerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The trainer's own 'finished' / 'failed' message, or a 'failed' made up from a crash (non-zero exit). */
  outcome?: TrainerOutcome;
}

export interface TrainerHandle {
  send(command: TrainerCommand): void;
  /** Resolves when the trainer's process has exited. */
  done: Promise<TrainerExit>;
}

export interface TrainerLauncher {
  start(home: string, runId: number, onMessage: (m: TrainerMessage) => void): TrainerHandle;
}

/**
 * What every launcher does with a trainer's messages and exit: validates each message (a trainer is another
 * process; nothing it sends is trusted unchecked), remembers the terminal one, and turns a non-zero exit
 * without one into a 'failed' outcome whose message is the last meaningful line of the trainer's stderr.
 */
export class TrainerOutcomeTracker {
  private outcome: TrainerOutcome | undefined;

  constructor(
    private readonly runId: number,
    private readonly onMessage: (m: TrainerMessage) => void,
  ) {}

  accept(raw: unknown): void {
    const parsed = TrainerMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    if (parsed.data.type === 'finished' || parsed.data.type === 'failed') this.outcome = parsed.data;
    this.onMessage(parsed.data);
  }

  exited(code: number | null, signal: NodeJS.Signals | null, stderrTail: string): TrainerExit {
    // a non-zero exit without a 'failed' message is a crash; a signal (kill) is an interruption
    if (!this.outcome && code !== null && code !== 0) {
      const message = stderrTail.trim() ? lastMeaningfulLine(stderrTail) : `trainer exited with code ${code}`;
      return { code, signal, outcome: { type: 'failed', run: this.runId, message } };
    }
    return { code, signal, outcome: this.outcome };
  }
}

/** Keeps the end of a stream's text: enough for an error message, bounded for a chatty trainer. */
export function appendTail(tail: string, chunk: string, limit = 4000): string {
  return (tail + chunk).slice(-limit);
}

function lastMeaningfulLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter((l) => !/^\s+at /.test(l))
      .at(-1) ?? text.trim()
  );
}
