import type { BrowserWindowConstructorOptions } from 'electron';
import type { ComputeWindowReply } from '../engine/training/launch-protocol.js';
import { APP_ORIGIN, windowOptions } from './security.js';

/** The compute page (renderer/compute.html), served like the app's page so the same CSP applies. */
export const COMPUTE_URL = `${APP_ORIGIN}/compute.html`;
/** = electron/preload/compute.cts (a sandboxed preload cannot import app modules). */
export const COMPUTE_PORT_CHANNEL = 'catlip:compute-port';

/**
 * The hidden compute window: the app window's locked-down webPreferences (isolated, sandboxed, no Node),
 * its own preload that only forwards the port, never shown, and not throttled while hidden — a hidden
 * window's timers and rAF are slowed by default, and training must run at full speed.
 */
export function computeWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  const base = windowOptions(preloadPath);
  return {
    show: false,
    width: 320,
    height: 240,
    title: 'CatLIP Pilot compute',
    skipTaskbar: true,
    webPreferences: { ...base.webPreferences, backgroundThrottling: false },
  };
}

/** What this module needs of a BrowserWindow (a fake in tests). */
export interface ComputeWindowLike<Port> {
  loadURL(url: string): Promise<void>;
  destroy(): void;
  isDestroyed(): boolean;
  webContents: {
    postMessage(channel: string, message: unknown, transfer: Port[]): void;
    on(
      event: 'render-process-gone',
      listener: (event: unknown, details: { reason: string; exitCode: number }) => void,
    ): unknown;
  };
}

export interface ComputeWindowDeps<Port> {
  /** `new BrowserWindow(options)` */
  createWindow(options: BrowserWindowConstructorOptions): ComputeWindowLike<Port>;
  /** `new MessageChannelMain()` */
  createChannel(): { port1: Port & { close(): void }; port2: Port & { close(): void } };
  /** The compiled electron/preload/compute.cjs. */
  preloadPath: string;
}

/**
 * Opens one trainer's compute window: loads the compute page, then gives one end of a fresh
 * MessageChannelMain to the page (through its preload) and the other to the trainer, so the model session
 * runs trainer ↔ page directly. A renderer crash is reported to the trainer, which fails its run with the
 * reason (resumable from its last checkpoint). Returns what closes the window (when the trainer exits).
 */
export function openComputeWindow<Port>(
  deps: ComputeWindowDeps<Port>,
  replyToTrainer: (message: ComputeWindowReply, transfer?: Port[]) => void,
): () => void {
  const window = deps.createWindow(computeWindowOptions(deps.preloadPath));
  const close = () => {
    if (!window.isDestroyed()) window.destroy();
  };
  window.webContents.on('render-process-gone', (_event, { reason, exitCode }) => {
    replyToTrainer({
      type: 'trainer:compute-gone',
      reason: `the compute window (WebGPU) stopped: its renderer process is gone (${reason}, exit code ${exitCode}); resume the run to continue from its last checkpoint`,
    });
    close();
  });
  window.loadURL(COMPUTE_URL).then(
    () => {
      const { port1, port2 } = deps.createChannel();
      window.webContents.postMessage(COMPUTE_PORT_CHANNEL, null, [port1]);
      replyToTrainer({ type: 'trainer:compute-port' }, [port2]);
    },
    (e: unknown) => {
      replyToTrainer({
        type: 'trainer:compute-failed',
        message: `the compute window did not load: ${e instanceof Error ? e.message : String(e)}`,
      });
      close();
    },
  );
  return close;
}
