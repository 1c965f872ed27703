/**
 * Entry of the engine's Electron utility process: `utilityProcess.fork(this file, [home])`.
 * Pure Node apart from `process.parentPort`, which Electron provides to utility processes. Trainers are
 * started by main on this engine's behalf (utility processes cannot fork utility processes).
 */
import { Engine } from '../api/engine.js';
import { serveEngine, type PortLike } from './engine-host.js';

const parentPort = (process as unknown as { parentPort?: PortLike | null }).parentPort;
const home = process.argv[2];
if (!parentPort || !home) {
  process.stderr.write('utility-main.js must run as an Electron utility process with the home directory as argument\n');
  process.exit(2);
}
serveEngine(new Engine(home), parentPort, () => process.exit(0), { forkTrainersThroughHost: true });
