import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../../shared/channels.js';

/** Typed progress events (the `events` half of the channel map); transports forward them to the UI. */
export class EngineEvents {
  private readonly emitter = new EventEmitter();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.emitter.emit(event, payload);
  }

  /** Subscribes; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
