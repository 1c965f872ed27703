import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { useCocoTrainingHome } from './coco-training-home.fixture.js';
import type { TrainerCommand, TrainerMessage } from '../../shared/training.js';
import { selectBackend } from './backends.js';
import { readCheckpoint } from './checkpoint.js';
import { getRun, latestCheckpoint, runMetrics } from './run-repository.js';
import { serveComputeSession } from './session/compute-handler.js';
import { COMPUTE_WINDOW_NOTE } from './session/open-session.js';
import { runTrainer, type TrainerHost } from './trainer.js';

// The trainer with its model behind a MessagePort, as in the desktop app's compute window, but served in this
// process on the cpu backend: same losses and weights as the in-process model, checkpoint and resume included.
const coco = useCocoTrainingHome('catlip-remote-');
const home = coco.home;
const TINY = {
  dataset: 'coco',
  objective: 'catlip' as const,
  model: 'vit-tiny' as const,
  batch: 8,
  seed: 5,
  checkpointEvery: 4,
  steps: 8,
};

/** A trainer host whose openCompute serves the model over a worker_threads MessageChannel in this process. */
function host(
  onMessage: (m: TrainerMessage, command: (c: TrainerCommand) => void) => void,
  remote: boolean,
): TrainerHost {
  let handler: (c: TrainerCommand) => void = () => {};
  return {
    send: (m) => onMessage(m, (c) => handler(c)),
    onCommand: (h) => void (handler = h),
    openCompute: remote
      ? async () => {
          const { port1, port2 } = new MessageChannel();
          serveComputeSession(port2, {
            activate: async () => (
              await selectBackend('cpu'),
              { backend: 'cpu', device: 'in-process compute side', software: false }
            ),
          });
          return { port: port1 };
        }
      : undefined,
  };
}

const weights = (runId: number) => {
  const { tensors } = readCheckpoint(path.join(home, latestCheckpoint(coco.engine.db, runId)!.path));
  return new Map(tensors.map((t) => [t.name, Array.from(t.data)]));
};

describe('trainer with a remote model session', () => {
  it('trains, cancels, resumes over the port and ends with the losses and weights of an in-process run', async () => {
    const reference = coco.engine.createRun({ ...TINY, backend: 'cpu' });
    await runTrainer(
      home,
      reference,
      host(() => {}, false),
    );

    const id = coco.engine.createRun({ ...TINY, backend: 'webgpu' });
    const started: TrainerMessage[] = [];
    const first = await runTrainer(
      home,
      id,
      host((m, command) => {
        if (m.type === 'started') started.push(m);
        if (m.type === 'step' && m.step === 5) command({ type: 'cancel' });
      }, true),
    );
    expect(first).toBe('cancelled');
    expect(latestCheckpoint(coco.engine.db, id)!.step).toBe(5);
    expect(started[0]).toMatchObject({ backend: 'cpu', device: 'in-process compute side', resumed_from: null });
    expect((started[0] as { notes: string[] }).notes).toContain(COMPUTE_WINDOW_NOTE);

    const second = await runTrainer(
      home,
      id,
      host((m) => void (m.type === 'started' && started.push(m)), true),
    );
    expect(second).toBe('completed');
    expect(started[1]).toMatchObject({ resumed_from: 5 });
    expect(getRun(coco.engine.db, id).status).toBe('completed');
    expect(runMetrics(coco.engine.db, id).map((m) => m.loss)).toEqual(
      runMetrics(coco.engine.db, reference).map((m) => m.loss),
    );
    expect(weights(id)).toEqual(weights(reference));
  });
});
