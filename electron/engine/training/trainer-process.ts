/**
 * Entry point of a trainer child process (forked by trainer-client.ts): `node trainer-process.js HOME RUN_ID`.
 * Training never runs on the caller's event loop; this process reports by IPC messages and takes
 * pause / resume / cancel commands the same way. Exit code 0: completed or cancelled; 1: failed.
 */
import { TrainerCommandSchema } from '../../shared/training.js';
import { runTrainer } from './trainer.js';

const [home, runArg] = process.argv.slice(2);
const runId = Number(runArg);
if (!home || !Number.isInteger(runId) || !process.send) {
  process.stderr.write('usage: trainer-process.js HOME RUN_ID (as a forked child with an IPC channel)\n');
  process.exit(2);
}
const send = process.send.bind(process);

runTrainer(home, runId, {
  send: (m) => send(m),
  onCommand: (handler) =>
    process.on('message', (raw) => {
      const parsed = TrainerCommandSchema.safeParse(raw);
      if (parsed.success) handler(parsed.data);
    }),
})
  .then(() => process.exit(0))
  .catch(() => process.exit(1)); // the run row and a 'failed' message already carry the reason
