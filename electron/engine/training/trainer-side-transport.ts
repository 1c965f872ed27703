import { TrainerCommandSchema, type TrainerCommand, type TrainerMessage } from '../../shared/training.js';
import type { TrainerHost } from './trainer.js';
import {
  ComputeWindowReplySchema,
  parseLaunchMessage,
  TrainerConnectSchema,
  type PortMessageEvent,
  type TrainerOpenCompute,
  type TrainerPort,
} from './launch-protocol.js';
import type { MessagePortLike } from './session/message-port.js';
import type { ComputeOpener } from './session/open-session.js';

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
  postMessage(message: unknown): void;
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
      if (!parseLaunchMessage(TrainerConnectSchema, data) || !port) return;
      clearTimeout(timer);
      parentPort.off('message', onParentMessage);
      resolve({ ...portTrainerHost(port), openCompute: computeOpener(parentPort) });
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

/**
 * Inside the app the trainer's model can run in a compute window that main creates on request (Dawn is
 * blocked by Electron's memory cage): asks main once, resolves with the port to that window's page.
 */
function computeOpener(parentPort: ParentPortLike, timeoutMs = 60_000): ComputeOpener {
  const goneListeners: ((reason: string) => void)[] = [];
  let gone: string | undefined;
  let watching = false;
  // parentPort is listened to again only by a trainer that asks for a compute window
  const watchGone = () => {
    if (watching) return;
    watching = true;
    parentPort.on('message', ({ data }) => {
      const d = parseLaunchMessage(ComputeWindowReplySchema, data);
      if (d?.type !== 'trainer:compute-gone') return;
      gone ??= d.reason;
      goneListeners.forEach((l) => l(gone!));
    });
  };
  return () =>
    new Promise((resolve, reject) => {
      watchGone();
      const done = () => (clearTimeout(timer), parentPort.off('message', onReply));
      const timer = setTimeout(
        () => (done(), reject(new Error(`main opened no compute window within ${timeoutMs / 1000} s`))),
        timeoutMs,
      );
      function onReply({ data, ports }: PortMessageEvent): void {
        const d = parseLaunchMessage(ComputeWindowReplySchema, data);
        if (d?.type === 'trainer:compute-failed') return (done(), reject(new Error(d.message)));
        if (d?.type !== 'trainer:compute-port' || !ports?.[0]) return;
        done();
        const port = ports[0];
        resolve({
          // MessagePortMain's transfer list takes only ports, so image buffers are copied here, not transferred
          port: {
            postMessage: (m) => port.postMessage(m),
            on: (type, l) => port.on(type as 'message', l),
            start: () => port.start(),
            close: () => port.close(),
          } satisfies MessagePortLike,
          onGone: (listener) => (gone ? listener(gone) : void goneListeners.push(listener)),
        });
      }
      parentPort.on('message', onReply);
      parentPort.postMessage({ type: 'trainer:open-compute' } satisfies TrainerOpenCompute);
    });
}

function dispatchCommand(raw: unknown, handler: (c: TrainerCommand) => void): void {
  const parsed = TrainerCommandSchema.safeParse(raw);
  if (parsed.success) handler(parsed.data);
}
