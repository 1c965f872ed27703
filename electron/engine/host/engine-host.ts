import { events, type Channel } from '../../shared/channels.js';
import { serializeError, type SerializedError } from '../../shared/errors.js';
import { Engine } from '../api/engine.js';

/**
 * The engine as a service in its own process (the desktop app runs it in an Electron utility process, so
 * SQLite, image decoding, labelling and trainer management never block the window's main process).
 * Protocol over a message port:
 *   in:  {type:'invoke', id, channel, request} | {type:'shutdown'}
 *   out: {type:'result', id, ok:true, value} | {type:'result', id, ok:false, error:{code, message}}
 *        {type:'event', event, payload} | {type:'shutdown-complete'}
 */
export type HostRequest = { type: 'invoke'; id: number; channel: Channel; request: unknown } | { type: 'shutdown' };
export type HostMessage =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: SerializedError }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'shutdown-complete' };

export interface PortLike {
  on(event: 'message', listener: (message: { data: unknown }) => void): void;
  postMessage(message: HostMessage): void;
}

export function serveEngine(engine: Engine, port: PortLike, onShutdown: () => void = () => {}): void {
  for (const event of Object.keys(events) as (keyof typeof events)[]) {
    engine.events.on(event, (payload) => port.postMessage({ type: 'event', event, payload }));
  }
  port.on('message', ({ data }) => {
    const msg = data as HostRequest;
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
