/**
 * Entry point of a trainer process: `trainer-process.js HOME RUN_ID`, started either
 *  - as a forked Node child (launcher-side-node-child.ts: CLI, serve mode): messages over process.send / 'message', or
 *  - as an Electron utility process (main's trainer-forker.ts, asked by the app's engine): messages over the
 *    MessagePort main transfers on `process.parentPort`.
 * Training never runs on the caller's event loop; this process reports typed messages and takes pause /
 * resume / cancel commands the same way on both. Exit code 0: completed or cancelled; 1: failed.
 */
import { runTrainer, type TrainerHost } from './trainer.js';
import { childProcessTrainerHost, utilityProcessTrainerHost, type ParentPortLike } from './trainer-side-transport.js';

const [home, runArg] = process.argv.slice(2);
const runId = Number(runArg);
// Electron sets process.parentPort in utility processes only (null or absent elsewhere)
const parentPort = (process as unknown as { parentPort?: ParentPortLike | null }).parentPort ?? undefined;
if (!home || !Number.isInteger(runId) || (!parentPort && !process.send)) {
  process.stderr.write(
    'usage: trainer-process.js HOME RUN_ID (as a forked child with an IPC channel, or an Electron utility process)\n',
  );
  process.exit(2);
}

async function connect(): Promise<TrainerHost> {
  return parentPort ? utilityProcessTrainerHost(parentPort) : childProcessTrainerHost(process);
}

// A port message posted just before exit may not have left the process yet; the engine also reads the run's
// final state from the database, so this short wait is insurance, not correctness.
const EXIT_DRAIN_MS = parentPort ? 100 : 0;
const exit = (code: number) => setTimeout(() => process.exit(code), EXIT_DRAIN_MS);

connect().then(
  (host) =>
    runTrainer(home, runId, host).then(
      () => exit(0),
      () => exit(1), // the run row and a 'failed' message already carry the reason
    ),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`); // the launcher reports stderr's last line
    exit(1);
  },
);
