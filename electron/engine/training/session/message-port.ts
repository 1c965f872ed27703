/**
 * The one shape of message port the model session needs, met by the browser's MessagePort, Node's
 * worker_threads MessagePort (tests) and Electron's MessagePortMain (the trainer's utility process).
 */
export interface MessagePortLike {
  /** `transfer` always given (the DOM's overloads accept an array, not undefined). */
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  /** Browser and worker_threads ports: listeners get a MessageEvent (typed as the Event both declare). */
  addEventListener?(type: 'message', listener: (event: Event) => void): void;
  /** Electron's MessagePortMain has no addEventListener: 'message' listeners get `{data, ports}`; 'close' when the other end is gone. */
  on?(type: 'message' | 'close', listener: (event: { data: unknown }) => void): unknown;
  start?(): void;
  close?(): void;
}

/** Listens for message data on any MessagePortLike and starts delivery. */
export function onPortMessage(port: MessagePortLike, listener: (data: unknown) => void): void {
  if (port.addEventListener) port.addEventListener('message', (e) => listener((e as MessageEvent).data));
  else if (port.on) port.on('message', (e) => listener(e.data));
  else throw new Error('not a message port');
  port.start?.();
}
