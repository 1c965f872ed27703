import type { TrainerMessage } from '../../shared/training.js';
import { EngineError } from '../../shared/errors.js';
import type { Engine } from '../api/engine.js';
import { runSummary, type RunSummary } from '../training/run-summary.js';
import { startTrainer } from '../training/launcher-side-node-child.js';
import type { Output } from './command.js';
import { formatSeconds } from './output.js';

/**
 * Runs a trainer process for a run and follows it to the end, printing progress; Ctrl-C pauses nothing and
 * loses nothing: the child is stopped, the run becomes 'interrupted' and `catlip-pilot resume` continues it.
 */
export async function followTraining(engine: Engine, runId: number, out: Output): Promise<RunSummary> {
  let lastPrint = 0;
  const handle = startTrainer(engine.home, runId, (m: TrainerMessage) => {
    switch (m.type) {
      case 'started':
        out.note(
          `run ${m.run}: ${m.backend} on ${m.device}${m.resumed_from !== null ? `, resumed from step ${m.resumed_from}` : ''}, ${m.parameters.toLocaleString('en')} parameters`,
        );
        for (const n of m.notes) out.note(`  ${n}`);
        break;
      case 'step':
        if (Date.now() - lastPrint > 500 || m.step === m.steps) {
          lastPrint = Date.now();
          out.status(
            `run ${m.run}: step ${m.step}/${m.steps}  loss ${m.loss.toFixed(4)}  lr ${m.lr.toExponential(2)}  ` +
              `${m.images_per_second.toFixed(1)} img/s  data ${m.data_ms.toFixed(0)} ms  compute ${m.compute_ms.toFixed(0)} ms` +
              `${m.eta_seconds !== null ? `  ETA ${formatSeconds(m.eta_seconds)}` : ''}`,
          );
        }
        break;
      case 'failed':
        out.note(`run ${m.run} failed: ${m.message}`);
        break;
      default:
        break;
    }
  });
  const stop = () => handle.child.kill('SIGTERM');
  process.once('SIGINT', stop);
  const { outcome, code, signal } = await handle.done;
  process.off('SIGINT', stop);
  engine.markInterruptedRuns();
  if (outcome?.type === 'failed') throw new EngineError('internal', `run ${runId} failed: ${outcome.message}`);
  if (!outcome)
    throw new EngineError(
      'internal',
      `trainer of run ${runId} stopped (${signal ?? `exit ${code}`}); resume it with: catlip-pilot resume --run ${runId}`,
    );
  return runSummary(engine.db, runId);
}
