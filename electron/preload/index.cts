/**
 * Preload (sandboxed, CommonJS): exposes the one API object the renderer also gets in serve mode —
 * `window.catlip.invoke(channel, request)` and `window.catlip.on(event, listener) → unsubscribe`.
 * No raw ipcRenderer and no Electron event objects reach the page; main validates every call.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

const INVOKE_CHANNEL = 'catlip:invoke'; // = ipc-bridge.ts (a sandboxed preload cannot import app modules)
const EVENT_CHANNEL = 'catlip:event';

type Result = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

export const api = {
  async invoke(channel: string, request?: unknown): Promise<unknown> {
    const result = (await ipcRenderer.invoke(INVOKE_CHANNEL, String(channel), request ?? {})) as Result;
    if (result.ok) return result.value;
    throw Object.assign(new Error(result.error.message), { code: result.error.code });
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    const handler = (_e: IpcRendererEvent, message: { event: string; payload: unknown }) => {
      if (message?.event === event) listener(message.payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.off(EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('catlip', api);
