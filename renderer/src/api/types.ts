import type { Channel, EventName, EventPayload, RequestInput, Response } from './contract.ts';
import type { DesktopChannel, DesktopRequest, DesktopResponse } from '../../../electron/shared/desktop.ts';

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
  /**
   * Optional (serve mode): exported files on the engine's machine (a CoreNet export's files) as one tar
   * archive named `name`, for the browser to save. Files must lie inside the server's allowed roots.
   */
  filesArchive?(files: string[], name: string): Promise<Blob>;
  /**
   * Desktop app only: main's own requests (native open/save dialogs, show in folder, desktop preferences).
   * Absent in serve mode, where the renderer offers the server-side file browser and downloads instead.
   */
  desktop?<C extends DesktopChannel>(channel: C, request: DesktopRequest<C>): Promise<DesktopResponse<C>>;
  /** Desktop app only: the absolute path of a dropped file or folder ('' when it has none). */
  pathForFile?(file: File): string;
  /** Optional: tells when the event stream is connected (serve mode); used to show "reconnecting" and to refetch. */
  onConnectionChange?(listener: (connected: boolean) => void): () => void;
}

declare global {
  interface Window {
    catlip?: CatlipApi;
  }
}
