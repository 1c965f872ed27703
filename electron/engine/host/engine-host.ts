import { events, type Channel } from '../../shared/channels.js';
import { serializeError, type SerializedError } from '../../shared/errors.js';
import { Engine } from '../api/engine.js';
import { PortTrainerLauncher } from '../training/launcher-side-utility-process.js';
import type { PortMessageEvent, TrainerForkRequest } from '../training/launch-protocol.js';

/**
 * The engine as a service in its own process (the desktop app runs it in an Electron utility process, so
 * SQLite, image decoding, labelling and trainer management never block the window's main process).
 * Protocol over a message port:
 *   in:  {type:'invoke', id, channel, request} | {type:'shutdown'} | main's trainer launch replies
 *   out: {type:'result', id, ok:true, value} | {type:'result', id, ok:false, error:{code, message}}
 *        {type:'event', event, payload} | {type:'shutdown-complete'} | {type:'trainer:fork', ...}
 * Trainer launches (training/launch-protocol.ts) ride on the same port when the host forks
 * trainers through main (`forkTrainersThroughHost`).
 */
export type HostRequest = { type: 'invoke'; id: number; channel: Channel; request: unknown } | { type: 'shutdown' };
export type HostMessage =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: SerializedError }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'shutdown-complete' }
  | TrainerForkRequest;

export interface PortLike {
  on(event: 'message', listener: (message: PortMessageEvent) => void): void;
  postMessage(message: HostMessage): void;
}

export interface ServeOptions {
  /**
   * Start trainers as Electron utility processes, asked of main over this port. Needed inside the app: a
   * utility process cannot call `utilityProcess.fork`, and a plain Node child there lacks the app's process
   * model (crash reporting, app metrics, one lifetime with the app).
   */
  forkTrainersThroughHost?: boolean;
}

export function serveEngine(
  engine: Engine,
  port: PortLike,
  onShutdown: () => void = () => {},
  options: ServeOptions = {},
): void {
  for (const event of Object.keys(events) as (keyof typeof events)[]) {
    engine.events.on(event, (payload) => port.postMessage({ type: 'event', event, payload }));
  }
  const launcher = options.forkTrainersThroughHost
    ? new PortTrainerLauncher((request) => port.postMessage(request))
    : undefined;
  if (launcher) {
    engine.training.useLauncher(launcher);
    engine.system.useComputeWindow();
  }
  port.on('message', (message) => {
    if (launcher?.handleHostMessage(message)) return;
    const msg = message.data as HostRequest;
    if (msg?.type === 'shutdown') {
      // quitting while training: each trainer stops after its step and checkpoints, then we exit
      void engine.training.stopAll().finally(() => {
        engine.close();
        port.postMessage({ type: 'shutdown-complete' });
        onShutdown();
      });
      return;
    }
    if (msg?.type !== 'invoke' || typeof msg.id !== 'number') return;
    engine.invoke(msg.channel, msg.request as never).then(
      (value) => port.postMessage({ type: 'result', id: msg.id, ok: true, value }),
      (e) => port.postMessage({ type: 'result', id: msg.id, ok: false, error: serializeError(e) }),
    );
  });
}
