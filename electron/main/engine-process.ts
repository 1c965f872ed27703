import type { Channel } from '../shared/channels.js';
import { EngineError } from '../shared/errors.js';
import type { HostMessage, HostRequest } from '../engine/host/engine-host.js';
import type { TrainerLaunchReply } from '../engine/training/launch-protocol.js';
import {
  isTrainerForkRequest,
  TrainerForker,
  type TrainerForkDeps,
  type UtilityProcessLike,
} from './trainer-forker.js';

/** Electron's utilityProcess.fork and MessageChannelMain, injected so this class runs on fakes in tests. */
export interface UtilityProcessApi<Port> {
  fork: TrainerForkDeps<Port>['fork'];
  createChannel: TrainerForkDeps<Port>['createChannel'];
}

export interface EngineProcessOptions<Port> {
  api: UtilityProcessApi<Port>;
  engineEntry: string;
  trainerEntry: string;
  home: string;
  onEvent(event: string, payload: unknown): void;
  onExit(code: number): void;
  /** Trainers' compute windows (trainer-forker.ts). */
  computeWindow?: TrainerForkDeps<Port>['computeWindow'];
}

/**
 * Main-process side of the engine's utility process (electron/engine/host): forwards channel calls,
 * relays events, forks trainers as utility processes when the engine asks (trainer-forker.ts), and on
 * quit asks the engine to stop trainers (checkpointing) before the app exits.
 */
export class EngineProcess<Port> {
  private readonly child: UtilityProcessLike<Port>;
  private readonly trainers: TrainerForker<Port>;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private nextId = 1;
  private shutdownDone?: () => void;

  constructor(options: EngineProcessOptions<Port>) {
    const { api, home, onEvent, onExit } = options;
    this.child = api.fork(options.engineEntry, [home], {
      serviceName: 'CatLIP Pilot engine',
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    this.trainers = new TrainerForker<Port>({
      ...api,
      trainerEntry: options.trainerEntry,
      home,
      replyToEngine: (message: TrainerLaunchReply, transfer?: Port[]) => this.child.postMessage(message, transfer),
      echoStderr: (chunk) => process.stderr.write(chunk),
      computeWindow: options.computeWindow,
    });
    this.child.on('message', (raw) => {
      if (isTrainerForkRequest(raw)) return this.trainers.fork(raw);
      const m = raw as HostMessage;
      if (m.type === 'event') onEvent(m.event, m.payload);
      else if (m.type === 'shutdown-complete') this.shutdownDone?.();
      else if (m.type === 'result') {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.ok) p?.resolve(m.value);
        else p?.reject(new EngineError(m.error.code, m.error.message, m.error.at, m.error.note));
      }
    });
    this.child.on('exit', (code) => {
      for (const p of this.pending.values())
        p.reject(new EngineError('internal', `the engine process exited (code ${code})`));
      this.pending.clear();
      onExit(code);
    });
  }

  call(channel: Channel, request: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ type: 'invoke', id, channel, request });
    });
  }

  /** Resolves once trainers have stopped and checkpointed (or after `timeoutMs`). */
  shutdown(timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.shutdownDone = () => {
        clearTimeout(timer);
        resolve();
      };
      this.post({ type: 'shutdown' });
    });
  }

  private post(request: HostRequest): void {
    this.child.postMessage(request);
  }
}
