import {
  ComputeReplySchema,
  type ComputeDevice,
  type ComputeReply,
  type ComputeRequest,
} from '../../../shared/compute-session.js';
import type { StepResult } from '../model/train-step.js';
import type { ModelSession, SessionBatch, SessionInit, SessionState } from './model-session.js';
import { onPortMessage, type MessagePortLike } from './message-port.js';

/** A port to a compute side, and how its host learns that the compute side is gone (a crashed window). */
export interface ComputeConnection {
  port: MessagePortLike;
  onGone?(listener: (reason: string) => void): void;
}

type Pending = { resolve: (reply: ComputeReply) => void; reject: (e: Error) => void };
// distributive, so each request type keeps its own fields
type Unsent<R> = R extends unknown ? Omit<R, 'id'> : never;

/**
 * The trainer's end of a model session whose model lives on the other side of `port` (the desktop app's
 * compute window). Every call is one request and one validated reply; a compute side that goes away
 * (the connection's onGone, or the port closing) fails the call in progress and every later one with the reason.
 */
export class RemoteModelSession implements ModelSession {
  private constructor(
    private readonly port: MessagePortLike,
    private readonly channel: RequestChannel,
    readonly parameters: number,
    readonly device: ComputeDevice,
  ) {}

  /** Sends `init` and resolves once the compute side has built (or restored) the model. */
  static async open({ port, onGone }: ComputeConnection, init: SessionInit): Promise<RemoteModelSession> {
    const channel = new RequestChannel(port);
    onGone?.((reason) => channel.fail(new Error(reason)));
    const ready = await channel.request({ type: 'init', init });
    if (ready.type !== 'ready') throw new Error(`compute side answered '${ready.type}' to init`);
    return new RemoteModelSession(port, channel, ready.parameters, ready.device);
  }

  async step(batch: SessionBatch, step: number): Promise<StepResult> {
    // Labels are views into the training set's one big array: copy them, or structured clone would send all of it.
    const message = {
      images: batch.images,
      labels: batch.labels?.map((l) => l.slice()),
      tokens: batch.tokens?.map((t) => t.slice()),
    };
    const reply = await this.channel.request({ type: 'step', step, batch: message }, [
      batch.images.buffer as ArrayBuffer,
    ]);
    if (reply.type !== 'stepped') throw new Error(`compute side answered '${reply.type}' to step`);
    return { loss: reply.loss, lr: reply.lr, gradNorm: reply.gradNorm };
  }

  async setSchedule(schedule: { totalSteps: number; warmupSteps: number }): Promise<void> {
    await this.channel.request({ type: 'schedule', ...schedule });
  }

  async exportState(): Promise<SessionState> {
    const reply = await this.channel.request({ type: 'export' });
    if (reply.type !== 'state') throw new Error(`compute side answered '${reply.type}' to export`);
    return reply.state;
  }

  async dispose(): Promise<void> {
    await this.channel.request({ type: 'dispose' }).catch(() => undefined); // a gone compute side has nothing left to free
    this.port.close?.();
  }
}

/** Request/reply bookkeeping over one port. */
class RequestChannel {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | undefined;

  constructor(private readonly port: MessagePortLike) {
    onPortMessage(port, (data) => {
      const parsed = ComputeReplySchema.safeParse(data);
      if (!parsed.success)
        return this.fail(
          new Error(`invalid reply from the compute side: ${parsed.error.issues[0]?.message ?? 'unknown'}`),
        );
      const waiter = this.pending.get(parsed.data.id);
      if (!waiter) return;
      this.pending.delete(parsed.data.id);
      if (parsed.data.type === 'error') waiter.reject(new Error(parsed.data.message));
      else waiter.resolve(parsed.data);
    });
    port.on?.('close', () => this.fail(new Error('the compute window closed its connection')));
  }

  request(message: Unsent<ComputeRequest>, transfer: ArrayBuffer[] = []): Promise<ComputeReply> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.port.postMessage({ ...message, id }, transfer);
    });
  }

  fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.pending.values()) waiter.reject(this.failure);
    this.pending.clear();
  }
}
