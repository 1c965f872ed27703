import { utilityProcess, type UtilityProcess } from 'electron';
import type { Channel } from '../shared/channels.js';
import { EngineError } from '../shared/errors.js';
import type { HostMessage } from '../engine/host/engine-host.js';

/**
 * Main-process side of the engine's utility process (electron/engine/host): forwards channel calls,
 * relays events, and on quit asks it to stop trainers (checkpointing) before the app exits.
 */
export class EngineProcess {
  private readonly child: UtilityProcess;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private nextId = 1;
  private shutdownDone?: () => void;

  constructor(entry: string, home: string, onEvent: (event: string, payload: unknown) => void, onExit: (code: number) => void) {
    this.child = utilityProcess.fork(entry, [home], { serviceName: 'CatLIP Pilot engine', stdio: 'inherit' });
    this.child.on('message', (m: HostMessage) => {
      if (m.type === 'event') onEvent(m.event, m.payload);
      else if (m.type === 'shutdown-complete') this.shutdownDone?.();
      else if (m.type === 'result') {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.ok) p?.resolve(m.value);
        else p?.reject(new EngineError(m.error.code, m.error.message));
      }
    });
    this.child.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new EngineError('internal', `the engine process exited (code ${code})`));
      this.pending.clear();
      onExit(code);
    });
  }

  call(channel: Channel, request: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.postMessage({ type: 'invoke', id, channel, request });
    });
  }

  /** Resolves once trainers have stopped and checkpointed (or after `timeoutMs`). */
  shutdown(timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.shutdownDone = () => {
        clearTimeout(timer);
        resolve();
      };
      this.child.postMessage({ type: 'shutdown' });
    });
  }
}
