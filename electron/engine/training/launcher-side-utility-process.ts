import type { TrainerCommand, TrainerMessage } from '../../shared/training.js';
import {
  TrainerOutcomeTracker,
  type TrainerExit,
  type TrainerHandle,
  type TrainerLauncher,
} from './launcher-side-handle.js';
import {
  isTrainerLaunchReply,
  type PortMessageEvent,
  type TrainerForkRequest,
  type TrainerPort,
} from './launch-protocol.js';

/**
 * The engine's launcher inside the desktop app: asks Electron's main process (through `requestFork`, i.e.
 * the engine host's parentPort) to start the trainer as a utility process, then talks to the trainer over
 * the MessagePort main hands over. main's replies arrive through `handleHostMessage`.
 */
export class PortTrainerLauncher implements TrainerLauncher {
  private nextLaunch = 1;
  private readonly launches = new Map<number, PortLaunch>();

  /** `exitGraceMs`: how long an exit notice waits for the trainer's last messages (see PortLaunch.exited). */
  constructor(
    private readonly requestFork: (request: TrainerForkRequest) => void,
    private readonly exitGraceMs = 2000,
  ) {}

  start(home: string, runId: number, onMessage: (m: TrainerMessage) => void): TrainerHandle {
    const launch = this.nextLaunch++;
    const entry = new PortLaunch(runId, onMessage, this.exitGraceMs, () => this.launches.delete(launch));
    this.launches.set(launch, entry);
    this.requestFork({ type: 'trainer:fork', launch, home, runId });
    return entry.handle;
  }

  /** Takes main's replies about trainers; false for any other message (the host's own protocol). */
  handleHostMessage({ data, ports }: PortMessageEvent): boolean {
    if (!isTrainerLaunchReply(data)) return false;
    const entry = this.launches.get(data.launch);
    if (!entry) return true; // a launch that already ended: nothing waits for it
    if (data.type === 'trainer:port') {
      const port = ports?.[0];
      if (port) entry.attach(port);
      else entry.exited(null, 'main sent no port for the trainer');
    } else if (data.type === 'trainer:fork-failed') {
      entry.exited(null, data.message);
    } else {
      entry.exited(data.code, data.stderr);
    }
    return true;
  }
}

/** One trainer started through main: its port, queued commands, and the wait for its exit. */
class PortLaunch {
  readonly handle: TrainerHandle;
  private readonly tracker: TrainerOutcomeTracker;
  private port: TrainerPort | undefined;
  private portClosed = false;
  private readonly queued: TrainerCommand[] = [];
  private exit: { code: number | null; stderr: string } | undefined;
  private settled = false;
  private resolveDone!: (exit: TrainerExit) => void;

  constructor(
    runId: number,
    onMessage: (m: TrainerMessage) => void,
    private readonly exitGraceMs: number,
    private readonly onSettled: () => void,
  ) {
    this.tracker = new TrainerOutcomeTracker(runId, onMessage);
    const done = new Promise<TrainerExit>((resolve) => (this.resolveDone = resolve));
    this.handle = { send: (command) => this.send(command), done };
  }

  attach(port: TrainerPort): void {
    this.port = port;
    port.on('message', ({ data }) => this.tracker.accept(data));
    port.on('close', () => {
      this.portClosed = true;
      if (this.exit) this.settle();
    });
    port.start();
    for (const command of this.queued.splice(0)) port.postMessage(command);
  }

  /**
   * The trainer's process ended (or never started: code null). Its last messages travel on the port, its exit
   * notice through main: two channels with no order between them, so a 'finished' may still be in flight.
   * Wait for the port to close (everything before it has been delivered), at most `exitGraceMs`.
   */
  exited(code: number | null, stderr: string): void {
    if (this.exit) return;
    this.exit = { code, stderr };
    if (!this.port || this.portClosed) this.settle();
    else setTimeout(() => this.settle(), this.exitGraceMs);
  }

  private send(command: TrainerCommand): void {
    if (this.exit) return;
    if (this.port) this.port.postMessage(command);
    else this.queued.push(command); // main has not handed the port over yet
  }

  private settle(): void {
    if (this.settled || !this.exit) return;
    this.settled = true;
    this.port?.close();
    this.onSettled();
    // code null here means the fork itself failed: report it like a crash, with main's reason
    const code = this.exit.code ?? (this.port ? null : 1);
    this.resolveDone(this.tracker.exited(code, null, this.exit.stderr));
  }
}
