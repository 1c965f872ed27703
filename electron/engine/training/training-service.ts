import { noteError } from '../../shared/errors.js';
import type { TrainerMessage } from '../../shared/training.js';
import type { Db } from '../store/database.js';
import { getRun, markInterruptedRuns, runConfig, runMetrics } from './run-repository.js';
import { runSummary } from './run-summary.js';
import { childProcessTrainerLauncher } from './launcher-side-node-child.js';
import type { TrainerExit, TrainerHandle, TrainerLauncher } from './launcher-side-handle.js';

/**
 * The trainer processes an engine hosts (one per active run), for transports that return at once and
 * report progress by events (Electron IPC, serve mode). The CLI follows a single run instead.
 * Trainers start through a TrainerLauncher: forked Node children by default, Electron utility processes
 * when the desktop app's engine host installs its launcher (`useLauncher`).
 */
export class TrainingService {
  private readonly active = new Map<number, TrainerHandle>();

  constructor(
    private readonly db: Db,
    private readonly home: string,
    private readonly emit: (m: TrainerMessage) => void,
    private launcher: TrainerLauncher = childProcessTrainerLauncher,
  ) {}

  /** Chooses how the next trainers start (the Engine builds this service before its host is known). */
  useLauncher(launcher: TrainerLauncher): void {
    this.launcher = launcher;
  }

  start(runId: number): void {
    markInterruptedRuns(this.db);
    const row = getRun(this.db, runId);
    if (this.active.has(runId) || row.status === 'running')
      throw noteError('conflict', 'train.alreadyRunning', { run: runId });
    if (row.status === 'completed') throw noteError('conflict', 'train.alreadyCompleted', { run: runId });
    let reportedEnd = false;
    const handle = this.launcher.start(this.home, runId, (m) => {
      if (m.type === 'finished' || m.type === 'failed') reportedEnd = true;
      this.emit(m);
    });
    this.active.set(runId, handle);
    void handle.done.then((exit) => {
      this.active.delete(runId);
      if (!this.db.open) return; // the engine was closed meanwhile (app quit)
      markInterruptedRuns(this.db);
      if (!reportedEnd) this.emit(this.endMessage(runId, exit));
    });
  }

  command(runId: number, type: 'pause' | 'resume' | 'cancel'): void {
    const handle = this.active.get(runId);
    if (!handle) throw noteError('not-found', 'train.noTrainer', { run: runId });
    handle.send({ type });
  }

  detail(runId: number) {
    const row = getRun(this.db, runId);
    return {
      summary: runSummary(this.db, runId),
      config: runConfig(row),
      metrics: runMetrics(this.db, runId),
      active: this.active.has(runId),
    };
  }

  /** Stops every trainer (app quit): each is cancelled after its current step, keeping its checkpoints. */
  async stopAll(): Promise<void> {
    const handles = [...this.active.values()];
    handles.forEach((h) => h.send({ type: 'cancel' }));
    await Promise.all(handles.map((h) => h.done));
  }

  /**
   * The UI's last word on a trainer that ended without saying how (killed, crashed, its last message lost):
   * the database knows whether the run completed; otherwise it is interrupted now and resumable.
   */
  private endMessage(runId: number, exit: TrainerExit): TrainerMessage {
    const row = getRun(this.db, runId);
    if (row.status === 'completed' || row.status === 'cancelled')
      return { type: 'finished', run: runId, status: row.status, step: row.steps_done };
    const how =
      exit.outcome?.type === 'failed'
        ? `crashed: ${exit.outcome.message}`
        : `stopped (${exit.signal ?? `exit ${exit.code}`})`;
    const resumable =
      row.status === 'interrupted' ? `; run ${runId} is interrupted and can be resumed from its last checkpoint` : '';
    return {
      type: 'failed',
      run: runId,
      message: `trainer ${how}${resumable}`,
      resumable: row.status === 'interrupted',
    };
  }
}
