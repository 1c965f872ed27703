import { EngineError } from '../../shared/errors.js';
import type { TrainerMessage } from '../../shared/training.js';
import type { Db } from '../store/database.js';
import { getRun, markInterruptedRuns, runConfig, runMetrics } from './run-repository.js';
import { runSummary } from './run-summary.js';
import { startTrainer, type TrainerHandle } from './trainer-client.js';

/**
 * The trainer processes an engine hosts (one per active run), for transports that return at once and
 * report progress by events (Electron IPC, serve mode). The CLI follows a single run instead.
 */
export class TrainingService {
  private readonly active = new Map<number, TrainerHandle>();

  constructor(private readonly db: Db, private readonly home: string, private readonly emit: (m: TrainerMessage) => void) {}

  start(runId: number): void {
    markInterruptedRuns(this.db);
    const row = getRun(this.db, runId);
    if (this.active.has(runId) || row.status === 'running') throw new EngineError('conflict', `run ${runId} is already running`);
    if (row.status === 'completed') throw new EngineError('conflict', `run ${runId} is already completed`);
    const handle = startTrainer(this.home, runId, (m) => this.emit(m));
    this.active.set(runId, handle);
    void handle.done.then(({ outcome, signal, code }) => {
      this.active.delete(runId);
      if (this.db.open) markInterruptedRuns(this.db); // the engine may have been closed meanwhile
      if (!outcome) this.emit({ type: 'failed', run: runId, message: `trainer stopped (${signal ?? `exit ${code}`}); the run can be resumed` });
    });
  }

  command(runId: number, type: 'pause' | 'resume' | 'cancel'): void {
    const handle = this.active.get(runId);
    if (!handle) throw new EngineError('not-found', `run ${runId} has no trainer running in this app`);
    handle.send({ type });
  }

  detail(runId: number) {
    const row = getRun(this.db, runId);
    return { summary: runSummary(this.db, runId), config: runConfig(row), metrics: runMetrics(this.db, runId), active: this.active.has(runId) };
  }

  /** Stops every trainer (app quit): each is cancelled after its current step, keeping its checkpoints. */
  async stopAll(): Promise<void> {
    const handles = [...this.active.values()];
    handles.forEach((h) => h.send({ type: 'cancel' }));
    await Promise.all(handles.map((h) => h.done));
  }
}
