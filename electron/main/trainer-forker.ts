import { appendTail } from '../engine/training/launcher-side-handle.js';
import {
  parseLaunchMessage,
  TrainerForkRequestSchema,
  TrainerOpenComputeSchema,
  type TrainerConnect,
  type TrainerForkRequest,
  type TrainerLaunchReply,
} from '../engine/training/launch-protocol.js';
import { openComputeWindow, type ComputeWindowDeps } from './compute-window.js';

/** What the forker needs of Electron's UtilityProcess (a fake in tests). */
export interface UtilityProcessLike<Port> {
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  postMessage(message: unknown, transfer?: Port[]): void;
  readonly stderr: NodeJS.ReadableStream | null;
}

export interface TrainerForkDeps<Port> {
  /** `utilityProcess.fork` */
  fork(
    modulePath: string,
    args: string[],
    options: { serviceName: string; stdio: Array<'pipe' | 'ignore' | 'inherit'> },
  ): UtilityProcessLike<Port>;
  /** `new MessageChannelMain()` */
  createChannel(): { port1: Port & { close(): void }; port2: Port & { close(): void } };
  /** The compiled trainer-process.js. */
  trainerEntry: string;
  /** The engine's home: the only data directory a trainer may be started on. */
  home: string;
  /** Posts to the engine's utility process, transferring ports. */
  replyToEngine(message: TrainerLaunchReply, transfer?: Port[]): void;
  /** Where a trainer's stderr goes besides the tail kept for its exit report (main's own stderr). */
  echoStderr?(chunk: string): void;
  /** How to open a trainer's compute window (Chromium's WebGPU); absent: trainers are told there is none. */
  computeWindow?: Omit<ComputeWindowDeps<Port>, 'createChannel'>;
}

/**
 * Main's half of the desktop app's trainer launch: the engine (a utility process, which cannot fork one)
 * asks, main forks trainer-process.js as a utility process, creates a MessageChannelMain and gives one end
 * to the trainer and the other to the engine, so progress flows trainer → engine directly. main only
 * reports back when the trainer's process ends (exit code, with its stderr tail for a crash report).
 */
export class TrainerForker<Port> {
  constructor(private readonly deps: TrainerForkDeps<Port>) {}

  fork(request: TrainerForkRequest): void {
    const { launch, runId, home } = request;
    const fail = (message: string) => this.deps.replyToEngine({ type: 'trainer:fork-failed', launch, message });
    if (!Number.isInteger(runId) || runId < 1) return fail(`invalid run id ${String(runId)}`);
    if (home !== this.deps.home) return fail("a trainer may only run on the app's own data directory");

    const { port1, port2 } = this.deps.createChannel();
    let child: UtilityProcessLike<Port>;
    try {
      child = this.deps.fork(this.deps.trainerEntry, [home, String(runId)], {
        serviceName: `CatLIP Pilot trainer (run ${runId})`,
        stdio: ['ignore', 'inherit', 'pipe'], // stderr piped: its last line explains a crash
      });
    } catch (e) {
      port1.close();
      port2.close();
      return fail(`could not start the trainer: ${e instanceof Error ? e.message : String(e)}`);
    }
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer | string) => {
      const text = chunk.toString();
      stderr = appendTail(stderr, text);
      this.deps.echoStderr?.(text);
    });
    // at most one compute window per trainer, closed when the trainer's process ends
    let closeCompute: (() => void) | undefined;
    child.on('message', (message) => {
      if (!parseLaunchMessage(TrainerOpenComputeSchema, message)) return;
      const window = this.deps.computeWindow;
      if (!window || closeCompute) {
        const message = window
          ? 'this trainer already has a compute window'
          : 'this app was started without a compute window';
        return child.postMessage({ type: 'trainer:compute-failed', message });
      }
      closeCompute = openComputeWindow({ ...window, createChannel: this.deps.createChannel }, (reply, transfer) =>
        child.postMessage(reply, transfer),
      );
    });
    child.on('exit', (code) => {
      closeCompute?.();
      this.deps.replyToEngine({ type: 'trainer:exit', launch, code, stderr });
    });
    // Messages posted before the process has spawned are queued by Electron.
    child.postMessage({ type: 'trainer:connect' } satisfies TrainerConnect, [port1]);
    this.deps.replyToEngine({ type: 'trainer:port', launch }, [port2]);
  }
}

export function isTrainerForkRequest(message: unknown): message is TrainerForkRequest {
  return parseLaunchMessage(TrainerForkRequestSchema, message) !== undefined;
}
