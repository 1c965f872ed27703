import { TrainerCommandSchema, type TrainerCommand, type TrainerMessage } from '../../shared/training.js';
import type { TrainerHost } from './trainer.js';
import type { PortMessageEvent, TrainerPort } from './trainer-launcher-protocol.js';

/**
 * The trainer's end of a launch (used by trainer-process.ts): the same TrainerHost over either transport.
 * Commands are validated with zod on arrival in both.
 */

/** What the trainer needs of a forked Node child's `process` (IPC channel). */
export interface ChildProcessChannel {
  send?(message: unknown): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/** What the trainer needs of Electron's `process.parentPort` in a utility process. */
export interface ParentPortLike {
  on(event: 'message', listener: (event: PortMessageEvent) => void): unknown;
  off(event: 'message', listener: (event: PortMessageEvent) => void): unknown;
}

/** Forked by child_process (CLI, serve mode): messages over process.send / 'message'. */
export function childProcessTrainerHost(channel: ChildProcessChannel): TrainerHost {
  const send = channel.send?.bind(channel);
  if (!send) throw new Error('the trainer process has no IPC channel (it must be forked)');
  return {
    send: (m: TrainerMessage) => void send(m),
    onCommand: (handler) => void channel.on('message', (raw) => dispatchCommand(raw, handler)),
  };
}

/**
 * Forked as an Electron utility process by main: waits for main's 'trainer:connect' carrying the port whose
 * other end the engine holds, then reports and takes commands over that port, never through main.
 * If the engine goes away (its end closes) the trainer stops after its step and checkpoints, as on cancel:
 * nobody would hear its progress, and the run stays resumable.
 */
export function utilityProcessTrainerHost(parentPort: ParentPortLike, timeoutMs = 30_000): Promise<TrainerHost> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      parentPort.off('message', onParentMessage);
      reject(new Error(`no port from the main process within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    function onParentMessage({ data, ports }: PortMessageEvent): void {
      const port = ports?.[0];
      if ((data as { type?: unknown } | null)?.type !== 'trainer:connect' || !port) return;
      clearTimeout(timer);
      parentPort.off('message', onParentMessage);
      resolve(portTrainerHost(port));
    }
    parentPort.on('message', onParentMessage);
  });
}

function portTrainerHost(port: TrainerPort): TrainerHost {
  let engineGone = false;
  const handlers: ((c: TrainerCommand) => void)[] = [];
  port.on('message', ({ data }) => handlers.forEach((h) => dispatchCommand(data, h)));
  port.on('close', () => {
    engineGone = true;
    handlers.forEach((h) => h({ type: 'cancel' }));
  });
  port.start();
  return {
    send: (m) => {
      if (!engineGone) port.postMessage(m);
    },
    onCommand: (handler) => void handlers.push(handler),
  };
}

function dispatchCommand(raw: unknown, handler: (c: TrainerCommand) => void): void {
  const parsed = TrainerCommandSchema.safeParse(raw);
  if (parsed.success) handler(parsed.data);
}
