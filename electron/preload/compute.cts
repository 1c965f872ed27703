/**
 * Preload of the hidden compute window (sandboxed, CommonJS): forwards the one MessagePort main sends for
 * this window's trainer to the page (renderer/src/compute/main.ts) as a window message. Nothing is exposed
 * to the page; the page only ever talks to its trainer over that port.
 */
import { ipcRenderer } from 'electron';

const COMPUTE_PORT_CHANNEL = 'catlip:compute-port'; // = electron/main/compute-window.ts

// the preload's global is the window (its isolated world); typed here because the build's tsconfig has no DOM lib
const page = globalThis as unknown as {
  postMessage(message: unknown, targetOrigin: string, transfer: unknown[]): void;
};

ipcRenderer.on(COMPUTE_PORT_CHANNEL, (event) => {
  // posted with the page's own window as source, which is what the page accepts
  page.postMessage({ type: COMPUTE_PORT_CHANNEL }, '*', event.ports);
});
