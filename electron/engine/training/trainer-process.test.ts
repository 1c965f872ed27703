import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCocoTrainingHome } from './coco-training-home.fixture.js';
import type { TrainerMessage } from '../../shared/training.js';
import { readCheckpoint } from './checkpoint.js';
import { getRun, latestCheckpoint, runMetrics } from './run-repository.js';
import {
  childProcessTrainerLauncher,
  startTrainer,
  type ChildTrainerHandle as TrainerHandle,
} from './launcher-side-node-child.js';
import { runTrainer } from './trainer.js';
import { ipcBridgedLauncher } from '../../../test/electron/ipc-bridged-main.js';

// Runs the real trainer child process (dist/, built by `npm test` before vitest) on the cpu backend.
const coco = useCocoTrainingHome('catlip-trainer-');
const home = coco.home;

const TINY = {
  dataset: 'coco',
  objective: 'catlip' as const,
  model: 'vit-tiny' as const,
  batch: 8,
  backend: 'cpu' as const,
  seed: 7,
  checkpointEvery: 4,
};

function start(runId: number, onMessage: (m: TrainerMessage, h: TrainerHandle) => void = () => {}): TrainerHandle {
  const handle: TrainerHandle = startTrainer(home, runId, (m) => onMessage(m, handle));
  return handle;
}

async function finalWeights(runId: number): Promise<Map<string, Float32Array>> {
  const ckpt = latestCheckpoint(coco.engine.db, runId)!;
  const { tensors } = readCheckpoint(path.join(home, ckpt.path));
  return new Map(tensors.filter((t) => t.name.startsWith('w:')).map((t) => [t.name, t.data]));
}

describe('trainer process', () => {
  it('resumes after SIGKILL from the last checkpoint and ends with the weights of an uninterrupted run', async () => {
    const steps = 12;
    const reference = coco.engine.createRun({ ...TINY, steps });
    const ref = await start(reference).done;
    expect(ref.outcome).toMatchObject({ type: 'finished', status: 'completed', step: steps });

    const killed = coco.engine.createRun({ ...TINY, steps });
    let checkpointed = false;
    const first = await start(killed, (m, h) => {
      if (m.type === 'checkpoint' && m.step === 8) checkpointed = true;
      if (m.type === 'step' && checkpointed && m.step >= 9) h.child.kill('SIGKILL');
    }).done;
    expect(first.signal).toBe('SIGKILL');
    expect(first.outcome).toBeUndefined();
    coco.engine.markInterruptedRuns();
    expect(getRun(coco.engine.db, killed).status).toBe('interrupted');
    const before = runMetrics(coco.engine.db, killed).filter((m) => m.step <= 8);

    const messages: TrainerMessage[] = [];
    const second = await start(killed, (m) => messages.push(m)).done;
    expect(second.outcome).toMatchObject({ type: 'finished', status: 'completed', step: steps });
    expect(messages.find((m) => m.type === 'started')).toMatchObject({ resumed_from: 8 });
    expect(messages.filter((m) => m.type === 'step').map((m) => (m as { step: number }).step)).toEqual([9, 10, 11, 12]);

    const metrics = runMetrics(coco.engine.db, killed);
    expect(metrics.map((m) => m.step)).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
    expect(metrics.slice(0, 8).map((m) => m.loss)).toEqual(before.map((m) => m.loss));
    const refLoss = runMetrics(coco.engine.db, reference).map((m) => m.loss);
    metrics.forEach((m, i) => expect(m.loss).toBeCloseTo(refLoss[i], 5));

    const [a, b] = [await finalWeights(reference), await finalWeights(killed)];
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, w] of a) {
      const v = b.get(name)!;
      let maxDiff = 0;
      for (let i = 0; i < w.length; i++) maxDiff = Math.max(maxDiff, Math.abs(w[i] - v[i]));
      expect(maxDiff, name).toBeLessThan(1e-5);
    }
  });

  it('pauses within one step, resumes, and cancel leaves a consistent run record', async () => {
    const id = coco.engine.createRun({ ...TINY, steps: 40, seed: 3 });
    let pausedAt: number | undefined;
    let pauseSentAt: number | undefined;
    const stepsWhilePaused: number[] = [];
    let resumed = false;
    const done = start(id, (m, h) => {
      if (m.type === 'step' && m.step === 2 && pauseSentAt === undefined) {
        pauseSentAt = m.step;
        h.send({ type: 'pause' });
      } else if (m.type === 'paused') {
        pausedAt = m.step;
        setTimeout(() => {
          resumed = true;
          h.send({ type: 'resume' });
        }, 1500);
      } else if (m.type === 'step' && pausedAt !== undefined && !resumed) {
        stepsWhilePaused.push(m.step);
      } else if (m.type === 'step' && resumed && m.step === pausedAt! + 2) {
        h.send({ type: 'cancel' });
      }
    }).done;
    const result = await done;
    expect(pausedAt! - pauseSentAt!).toBeLessThanOrEqual(1);
    expect(stepsWhilePaused).toEqual([]);
    expect(result.outcome).toMatchObject({ type: 'finished', status: 'cancelled' });
    const row = getRun(coco.engine.db, id);
    expect(row.status).toBe('cancelled');
    expect(row.finished_at).not.toBeNull();
    expect(row.pid).toBeNull();
    const metrics = runMetrics(coco.engine.db, id);
    expect(row.steps_done).toBe(metrics.at(-1)!.step);
    expect(row.steps_done).toBeLessThanOrEqual(pausedAt! + 3);
    expect(metrics.map((m) => m.step)).toEqual(Array.from({ length: row.steps_done }, (_, i) => i + 1));
    expect(latestCheckpoint(coco.engine.db, id)!.step).toBe(row.steps_done); // cancel checkpoints where it stopped
  });

  it('trains on the WebGPU backend (software Vulkan in CI) with the same losses as the cpu backend', async () => {
    const messages: TrainerMessage[] = [];
    const host = { send: (m: TrainerMessage) => messages.push(m), onCommand: () => {} };
    const losses = async (backend: 'cpu' | 'webgpu') => {
      const id = coco.engine.createRun({ ...TINY, steps: 3, backend, seed: 11 });
      messages.length = 0;
      try {
        await runTrainer(home, id, host);
      } catch (e) {
        if (backend === 'webgpu' && process.env.CATLIP_REQUIRE_WEBGPU !== '1') return undefined; // no adapter here
        throw e;
      }
      expect(messages.find((m) => m.type === 'started')).toMatchObject({ backend });
      return runMetrics(coco.engine.db, id).map((m) => m.loss);
    };
    const cpu = (await losses('cpu'))!;
    const gpu = await losses('webgpu');
    if (!gpu) return;
    expect(gpu).toHaveLength(3);
    gpu.forEach((l, i) => expect(Math.abs(l - cpu[i]) / Math.abs(cpu[i])).toBeLessThan(1e-3));
  });

  it('runs through the channel map: training:start returns at once, progress arrives as events', async () => {
    const seen: TrainerMessage[] = [];
    const finished = new Promise<void>((resolve) => {
      const off = coco.engine.events.on('training:message', (m) => {
        seen.push(m);
        if (m.type === 'finished' || m.type === 'failed') {
          off();
          resolve();
        }
      });
    });
    const { run } = await coco.engine.invoke('training:start', { ...TINY, steps: 3 });
    expect((await coco.engine.invoke('runs:get', { run })).active).toBe(true);
    await expect(coco.engine.invoke('training:start', { ...TINY, steps: 0 } as never)).rejects.toMatchObject({
      code: 'invalid-request',
    });
    await finished;
    expect(seen.map((m) => m.type)).toEqual(['started', 'step', 'step', 'step', 'checkpoint', 'finished']);
    // 'finished' comes just before the trainer process exits; wait for the exit (bounded)
    for (let i = 0; i < 100 && (await coco.engine.invoke('runs:get', { run })).active; i++)
      await new Promise((r) => setTimeout(r, 100));
    const detail = await coco.engine.invoke('runs:get', { run });
    expect(detail).toMatchObject({ active: false, summary: { status: 'completed', steps: 3 } });
    expect(detail.metrics.map((m) => m.step)).toEqual([1, 2, 3]);
    await expect(coco.engine.invoke('training:pause', { run })).rejects.toMatchObject({ code: 'not-found' });
    await expect(coco.engine.invoke('training:resume', { run })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('runs on its utility-process transport (parentPort + port, Electron faked): progress, pause, resume, cancel, crash', async () => {
    const bridged = ipcBridgedLauncher();
    coco.engine.training.useLauncher(bridged.launcher);
    const seen: TrainerMessage[] = [];
    const off = coco.engine.events.on('training:message', (m) => seen.push(m));
    const waitFor = async (pred: (m: TrainerMessage) => boolean) => {
      for (let i = 0; i < 600 && !seen.some(pred); i++) await new Promise((r) => setTimeout(r, 100));
      return seen.find(pred)!;
    };
    try {
      const { run } = await coco.engine.invoke('training:start', { ...TINY, steps: 40, seed: 5 });
      await waitFor((m) => m.type === 'step' && m.step === 2);
      await coco.engine.invoke('training:pause', { run });
      const paused = await waitFor((m) => m.type === 'paused');
      await coco.engine.invoke('training:unpause', { run });
      await waitFor((m) => m.type === 'resumed');
      await coco.engine.invoke('training:cancel', { run });
      const end = await waitFor((m) => m.type === 'finished' || m.type === 'failed');
      expect(end).toMatchObject({ type: 'finished', status: 'cancelled' });
      expect(seen[0]).toMatchObject({ type: 'started', run, backend: 'cpu' });
      expect(paused).toMatchObject({ type: 'paused', run });
      for (let i = 0; i < 100 && (await coco.engine.invoke('runs:get', { run })).active; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(getRun(coco.engine.db, run)).toMatchObject({ status: 'cancelled', pid: null });

      // a trainer that dies mid-run: reported, and the run is interrupted and resumable
      seen.length = 0;
      const crashed = (await coco.engine.invoke('training:start', { ...TINY, steps: 40, seed: 6 })).run;
      await waitFor((m) => m.type === 'step' && m.step === 1);
      bridged.kill('SIGKILL');
      const failure = await waitFor((m) => m.type === 'failed');
      expect(failure).toMatchObject({ run: crashed, message: expect.stringMatching(/interrupted and can be resumed/) });
      expect(getRun(coco.engine.db, crashed).status).toBe('interrupted');
      expect((await coco.engine.invoke('runs:get', { run: crashed })).active).toBe(false);
    } finally {
      off();
      coco.engine.training.useLauncher(childProcessTrainerLauncher);
    }
  });

  it('reports a bad request before any process starts', () => {
    expect(() => coco.engine.createRun({ ...TINY, batch: 10_000 })).toThrow(/larger than the 400 training items/);
    expect(() => coco.engine.createRun({ ...TINY, dataset: 'nope' })).toThrow(/no dataset named "nope"/);
    expect(() => coco.engine.createRun({ ...TINY, objective: 'simclr' as never })).toThrow(/objective/);
  });
});
