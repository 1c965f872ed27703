/**
 * Preload (`node --import`) that gives a forked Node child an Electron-like `process.parentPort`, bridged
 * over the Node IPC channel, so tests can run the real dist/.../trainer-process.js on its utility-process
 * transport without Electron. Counterpart: test/electron/ipc-bridged-main.ts.
 *   parent → child  {bridge:'connect'}      → parentPort 'message' {data:{type:'trainer:connect'}, ports:[port]}
 *   parent → child  {bridge:'port', data}   → port 'message' {data}
 *   port.postMessage(m)                     → parent gets {bridge:'port', data:m}
 */
import { EventEmitter } from 'node:events';

class BridgedPort extends EventEmitter {
  #started = false;
  #inbox = [];
  postMessage(data) {
    if (process.connected) process.send({ bridge: 'port', data });
  }
  start() {
    this.#started = true;
    for (const event of this.#inbox.splice(0)) this.emit('message', event);
  }
  close() {}
  deliver(event) {
    if (this.#started) this.emit('message', event);
    else this.#inbox.push(event);
  }
}

const port = new BridgedPort();
const parentPort = new EventEmitter();
parentPort.postMessage = (data) => process.send({ bridge: 'parent', data });
// like Electron's: messages wait until a 'message' handler is registered (the trainer's modules load first)
const waiting = [];
parentPort.on('newListener', (event) => {
  if (event === 'message') setImmediate(() => waiting.splice(0).forEach((e) => parentPort.emit('message', e)));
});
const toParentPort = (event) =>
  parentPort.listenerCount('message') > 0 ? parentPort.emit('message', event) : waiting.push(event);
Object.defineProperty(process, 'parentPort', { value: parentPort });

process.on('message', (m) => {
  if (m?.bridge === 'connect') toParentPort({ data: { type: 'trainer:connect' }, ports: [port] });
  else if (m?.bridge === 'port') port.deliver({ data: m.data });
});
process.on('disconnect', () => port.emit('close'));
