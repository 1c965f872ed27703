import { channels, type Channel } from '../shared/channels.js';
import { EngineError, serializeError, type SerializedError } from '../shared/errors.js';
import { parseRequest } from '../shared/invoke.js';

/** The IPC channel names: one for calls, one for events. The channel map's names travel inside. */
export const INVOKE_CHANNEL = 'catlip:invoke';
export const EVENT_CHANNEL = 'catlip:event';

export type IpcResult = { ok: true; value: unknown } | { ok: false; error: SerializedError };

/** What the bridge needs of Electron's ipcMain (a fake in tests). */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: { senderFrame?: { url: string } | null }, ...args: unknown[]) => Promise<IpcResult>,
  ): void;
  removeHandler(channel: string): void;
}

/**
 * Registers the one IPC handler that serves every channel of the shared map. Each call is checked before
 * it reaches the engine: the sender frame must be the app's own page, the channel must exist, and the
 * payload must pass the channel's zod schema. Results and errors come back as plain objects
 * (`{ok, value}` / `{ok:false, error:{code, message}}`): never a raw stack.
 */
export function registerChannelHandlers(
  ipcMain: IpcMainLike,
  call: (channel: Channel, request: unknown) => Promise<unknown>,
  isTrustedSender: (url: string | undefined) => boolean,
): () => void {
  return registerValidatedHandler(
    ipcMain,
    INVOKE_CHANNEL,
    (channel, request) => {
      if (!(channel in channels)) throw new EngineError('invalid-request', `unknown channel "${channel}"`);
      return parseRequest(channel as Channel, request);
    },
    call as (channel: string, request: unknown) => Promise<unknown>,
    isTrustedSender,
  );
}

/**
 * One IPC handler for a map of channels (the engine's, or main's own desktop channels): the sender must be
 * trusted, `parse` validates channel and payload (throwing a typed error), then `call` runs.
 */
export function registerValidatedHandler(
  ipcMain: IpcMainLike,
  ipcChannel: string,
  parse: (channel: string, request: unknown) => unknown,
  call: (channel: string, request: unknown) => Promise<unknown>,
  isTrustedSender: (url: string | undefined) => boolean,
): () => void {
  ipcMain.handle(ipcChannel, async (event, channel, request) => {
    try {
      if (!isTrustedSender(event.senderFrame?.url)) {
        throw new EngineError(
          'invalid-request',
          `call from an untrusted frame (${event.senderFrame?.url ?? 'unknown'}) refused`,
        );
      }
      if (typeof channel !== 'string') throw new EngineError('invalid-request', `unknown channel "${String(channel)}"`);
      const valid = parse(channel, request);
      return { ok: true, value: await call(channel, valid) };
    } catch (e) {
      return { ok: false, error: serializeError(e) };
    }
  });
  return () => ipcMain.removeHandler(ipcChannel);
}

/** Every channel of the map has exactly the one generic handler; this lists what it serves. */
export function servedChannels(): Channel[] {
  return Object.keys(channels) as Channel[];
}
