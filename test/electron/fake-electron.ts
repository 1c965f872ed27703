import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { PortMessageEvent, TrainerPort } from '../../electron/engine/training/launch-protocol.js';

/**
 * Fakes of Electron's utilityProcess / MessageChannelMain / MessagePortMain / process.parentPort with the
 * behaviour the app relies on: a port queues messages until start(), delivers them asynchronously as
 * {data, ports}, and both ends see 'close' when either end closes; a utility process's postMessage arrives
 * on its parentPort with the transferred ports.
 */
export class FakeMessagePort extends EventEmitter implements TrainerPort {
  peer!: FakeMessagePort;
  /** No more sending (either end closed). */
  closed = false;
  /** This end was closed here: nothing more is received. */
  private detached = false;
  private started = false;
  private readonly inbox: PortMessageEvent[] = [];
  readonly posted: unknown[] = [];

  postMessage(message: unknown, transfer: FakeMessagePort[] = []): void {
    if (this.closed) return;
    this.posted.push(message);
    const event = { data: structuredClone(message), ports: transfer };
    setImmediate(() => this.peer.receive(event));
  }
  start(): void {
    this.started = true;
    for (const e of this.inbox.splice(0)) this.emit('message', e);
  }
  close(): void {
    if (this.detached) return;
    this.closed = this.detached = true;
    // what this end sent before closing is still delivered; then both ends see 'close'
    setImmediate(() => {
      this.peer.closed = true;
      this.emit('close');
      this.peer.emit('close');
    });
  }
  private receive(event: PortMessageEvent): void {
    if (this.detached) return;
    if (this.started) this.emit('message', event);
    else this.inbox.push(event);
  }
}

export function createFakeChannel(): { port1: FakeMessagePort; port2: FakeMessagePort } {
  const port1 = new FakeMessagePort();
  const port2 = new FakeMessagePort();
  port1.peer = port2;
  port2.peer = port1;
  return { port1, port2 };
}

/**
 * The child's `process.parentPort`: what the fake utility process's parent posts arrives here (`deliver`),
 * queued, like Electron's, until a 'message' handler is registered.
 */
export class FakeParentPort extends EventEmitter {
  readonly posted: unknown[] = [];
  private readonly waiting: PortMessageEvent[] = [];
  constructor(private readonly toParent: (message: unknown) => void) {
    super();
    this.on('newListener', (event) => {
      if (event === 'message') setImmediate(() => this.waiting.splice(0).forEach((e) => this.emit('message', e)));
    });
  }
  deliver(event: PortMessageEvent): void {
    if (this.listenerCount('message') > 0) this.emit('message', event);
    else this.waiting.push(event);
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
    const copy = structuredClone(message);
    setImmediate(() => this.toParent(copy));
  }
}

export class FakeUtilityProcess extends EventEmitter {
  readonly stderr: PassThrough | null;
  readonly parentPort: FakeParentPort;
  readonly received: { message: unknown; transfer: FakeMessagePort[] }[] = [];
  exited = false;

  constructor(
    readonly modulePath: string,
    readonly args: string[],
    readonly options: { serviceName: string; stdio: string[] },
  ) {
    super();
    this.stderr = options.stdio[2] === 'pipe' ? new PassThrough() : null;
    this.parentPort = new FakeParentPort((m) => this.emit('message', m));
  }
  postMessage(message: unknown, transfer: FakeMessagePort[] = []): void {
    this.received.push({ message, transfer });
    const event = { data: structuredClone(message), ports: transfer };
    setImmediate(() => this.parentPort.deliver(event));
  }
  /** The process ends: a crash writes to stderr first; its ports close as the process goes away. */
  exit(code: number, stderr = ''): void {
    if (stderr) this.stderr?.write(stderr);
    for (const { transfer } of this.received) transfer.forEach((p) => p.close());
    this.exited = true;
    setImmediate(() => this.emit('exit', code));
  }
}

/** `utilityProcess.fork` + `new MessageChannelMain()`; records every process it starts. */
export class FakeUtilityProcessApi {
  readonly forked: FakeUtilityProcess[] = [];
  failNextFork?: Error;
  onFork: (child: FakeUtilityProcess) => void = () => {};

  fork = (
    modulePath: string,
    args: string[],
    options: { serviceName: string; stdio: Array<'pipe' | 'ignore' | 'inherit'> },
  ): FakeUtilityProcess => {
    if (this.failNextFork) {
      const e = this.failNextFork;
      this.failNextFork = undefined;
      throw e;
    }
    const child = new FakeUtilityProcess(modulePath, args, options);
    this.forked.push(child);
    this.onFork(child);
    return child;
  };
  createChannel = createFakeChannel;
}

export function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
