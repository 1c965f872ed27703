/**
 * Preload (sandboxed, CommonJS): exposes the one API object the renderer also gets in serve mode —
 * `window.catlip.invoke(channel, request)` and `window.catlip.on(event, listener) → unsubscribe` — plus,
 * in the desktop app only, `desktop(channel, request)` for main's own channels (dialogs, show in folder,
 * preferences) and `pathForFile(file)` for a dropped file or folder.
 * No raw ipcRenderer, dialog or Electron event objects reach the page; main validates every call.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';

const INVOKE_CHANNEL = 'catlip:invoke'; // = ipc-bridge.ts (a sandboxed preload cannot import app modules)
const EVENT_CHANNEL = 'catlip:event';
const DESKTOP_CHANNEL = 'catlip:desktop'; // = desktop-services.ts

type Result =
  { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; at?: unknown; note?: unknown } };

async function call(ipcChannel: string, channel: string, request?: unknown): Promise<unknown> {
  const result = (await ipcRenderer.invoke(ipcChannel, String(channel), request ?? {})) as Result;
  if (result.ok) return result.value;
  // where the error is (`at`) and its catalogued message (`note`, shown in the UI's language) travel with it
  const { code, at, note } = result.error;
  throw Object.assign(new Error(result.error.message), { code, at, note });
}

export const api = {
  invoke: (channel: string, request?: unknown): Promise<unknown> => call(INVOKE_CHANNEL, channel, request),
  desktop: (channel: string, request?: unknown): Promise<unknown> => call(DESKTOP_CHANNEL, channel, request),
  /** The absolute path of a File from a drop (Electron removed File.path); '' for files not from disk. */
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
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
