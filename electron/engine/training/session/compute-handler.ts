import {
  ComputeRequestSchema,
  type ComputeDevice,
  type ComputeReply,
  type ComputeRequest,
} from '../../../shared/compute-session.js';
import { createLocalSession } from './local-model-session.js';
import type { ModelSession } from './model-session.js';
import { onPortMessage, type MessagePortLike } from './message-port.js';

/** What the compute side's host provides: the compute page (Chromium's WebGPU) or a Node test (cpu). */
export interface ComputeEnvironment {
  /** Activates the tfjs backend to train on and reports it; throws when there is none (no WebGPU adapter). */
  activate(): Promise<ComputeDevice>;
  /** WebGPU errors since the last call: a failing kernel does not throw, so the step is failed instead. */
  takeDeviceErrors?(): string[];
}

/**
 * The compute side of a model session: serves one trainer's requests on `port`, one at a time in arrival
 * order, with a local session on the environment's backend. Environment-agnostic (tfjs + the model code
 * only), so the same module runs in the desktop app's compute window and in Node tests.
 */
export function serveComputeSession(port: MessagePortLike, env: ComputeEnvironment): void {
  let session: ModelSession | undefined;
  let device: Promise<ComputeDevice> | undefined;
  let queue = Promise.resolve();
  const reply = (message: ComputeReply) => port.postMessage(message, []);

  const handle = async (request: ComputeRequest): Promise<ComputeReply> => {
    const { id } = request;
    if (request.type === 'init') {
      if (session) throw new Error('this compute session is already initialised');
      const active = await (device ??= env.activate());
      session = createLocalSession(request.init);
      return { type: 'ready', id, parameters: session.parameters, device: active };
    }
    if (!session) throw new Error(`'${request.type}' before 'init'`);
    switch (request.type) {
      case 'step': {
        const result = await session.step(request.batch, request.step);
        const errors = env.takeDeviceErrors?.() ?? [];
        if (errors.length)
          throw new Error(`the WebGPU device reported an error at step ${request.step + 1}: ${errors[0]}`);
        return { type: 'stepped', id, ...result };
      }
      case 'schedule':
        await session.setSchedule(request);
        return { type: 'done', id };
      case 'export':
        return { type: 'state', id, state: await session.exportState() };
      case 'dispose':
        await session.dispose();
        session = undefined;
        return { type: 'done', id };
    }
  };

  onPortMessage(port, (data) => {
    const parsed = ComputeRequestSchema.safeParse(data);
    const id = (data as { id?: unknown } | null)?.id;
    if (!parsed.success) {
      if (typeof id === 'number')
        reply({
          type: 'error',
          id,
          message: `invalid compute request: ${parsed.error.issues[0]?.message ?? 'unknown'}`,
        });
      return;
    }
    queue = queue.then(() =>
      handle(parsed.data).then(reply, (e: unknown) =>
        reply({ type: 'error', id: parsed.data.id, message: e instanceof Error ? e.message : String(e) }),
      ),
    );
  });
}
