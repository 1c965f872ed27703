import type { Channel, EventName, EventPayload, RequestInput, Response } from './contract.ts';

/**
 * `window.catlip`: the one object every screen talks to. Electron's preload exposes the same shape over
 * IPC; in serve mode (`catlip-pilot serve`) the renderer installs the HTTP + WebSocket implementation.
 * Rejections are `ApiError`-shaped (`{code, message}`).
 */
export interface CatlipApi {
  invoke<C extends Channel>(channel: C, request: RequestInput<C>): Promise<Response<C>>;
  /** Subscribes to an engine event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * Optional: the bytes of an exported report, for the browser to save (serve mode, where the file lies on
   * the engine's machine). Without it (Electron) the export is already a file on this machine at its path.
   */
  reportFile?(report: number): Promise<Blob>;
  /** Optional: tells when the event stream is connected (serve mode); used to show "reconnecting" and to refetch. */
  onConnectionChange?(listener: (connected: boolean) => void): () => void;
}

declare global {
  interface Window {
    catlip?: CatlipApi;
  }
}
