import { getRun } from '../../training/run-repository.js';
import { intOption, UsageError, type Command } from '../command.js';
import { table } from '../output.js';
import { followTraining } from '../train-session.js';
import { printRunResult } from './train.js';

export const runsCommand: Command = {
  name: 'runs',
  usage: 'runs',
  summary: 'list training runs with their status (interrupted runs can be resumed)',
  positionals: [0, 0],
  options: {},
  async run({ engine, out }) {
    const runs = await engine().invoke('runs:list', {});
    if (runs.length === 0) out.line('no runs yet: catlip-pilot train --dataset NAME --objective catlip');
    else {
      out.line(
        table([
          ['run', 'objective', 'model', 'dataset', 'status', 'steps', 'final loss', 'img/s', 'backend'],
          ...runs.map((r) => [
            r.run,
            r.objective,
            r.model,
            r.dataset,
            r.status,
            `${r.steps}/${r.steps_total}`,
            r.final_loss === null ? '-' : r.final_loss.toFixed(4),
            r.images_per_second === null ? '-' : r.images_per_second.toFixed(1),
            r.backend ?? '-',
          ]),
        ]),
      );
    }
    out.result({ runs });
  },
};

export const resumeCommand: Command = {
  name: 'resume',
  usage: 'resume --run ID',
  summary: 'continue an interrupted, paused or cancelled run from its last checkpoint, with the same config',
  positionals: [0, 0],
  options: { run: { type: 'string' } },
  async run(ctx) {
    const id = intOption(ctx.values, 'run');
    if (id === undefined) throw new UsageError('give --run ID (see catlip-pilot runs)');
    const engine = ctx.engine();
    engine.markInterruptedRuns();
    const row = getRun(engine.db, id);
    if (row.status === 'completed') throw new UsageError(`run ${id} is already completed`);
    if (row.status === 'running') throw new UsageError(`run ${id} is running (process ${row.pid})`);
    ctx.out.line(`run ${id}: resuming ${row.objective} (${row.model}) at step ${row.steps_done}/${row.steps_total}`);
    printRunResult(await followTraining(engine, id, ctx.out), ctx.out, ctx);
  },
};
