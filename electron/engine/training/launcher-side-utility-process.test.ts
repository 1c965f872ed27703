import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainerCommand, TrainerMessage } from '../../shared/training.js';
import { Engine } from '../api/engine.js';
import { TrainerForker } from '../../main/trainer-forker.js';
import {
  createFakeChannel,
  FakeUtilityProcess,
  FakeUtilityProcessApi,
  nextTick,
  until,
} from '../../../test/electron/fake-electron.js';
import { fixture } from '../../../test/fixtures/fixture-paths.js';
import { getRun } from './run-repository.js';
import type { TrainerHost } from './trainer.js';
import { PortTrainerLauncher } from './launcher-side-utility-process.js';
import { utilityProcessTrainerHost } from './trainer-side-transport.js';
import { TrainingService } from './training-service.js';

// The desktop app's trainer launch with Electron faked: the engine's TrainingService and PortTrainerLauncher,
// main's TrainerForker, and in each "utility process" the trainer's real parentPort transport.
const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-launcher-'));
let engine: Engine;
let runId: number;

beforeAll(async () => {
  engine = new Engine(home);
  await engine.invoke('datasets:import', { path: fixture('coco'), name: 'coco', imageSize: 16 });
  runId = engine.createRun({ dataset: 'coco', objective: 'clip', steps: 4, batch: 2, backend: 'cpu' });
});
afterAll(() => {
  engine.close();
  rmSync(home, { recursive: true, force: true });
});

interface FakeTrainer {
  process: FakeUtilityProcess;
  host: TrainerHost;
  commands: TrainerCommand[];
}

function desktopApp(exitGraceMs = 200) {
  const api = new FakeUtilityProcessApi();
  const events: TrainerMessage[] = [];
  const trainers: FakeTrainer[] = [];
  // engine process ⇄ main: replies cross a process boundary (cloned, asynchronous), ports are transferred
  const launcher: PortTrainerLauncher = new PortTrainerLauncher(
    (request) => setImmediate(() => forker.fork(structuredClone(request))),
    exitGraceMs,
  );
  const forker = new TrainerForker({
    ...api,
    trainerEntry: '/app/dist/electron/engine/training/trainer-process.js',
    home,
    replyToEngine: (message, transfer = []) =>
      setImmediate(() => launcher.handleHostMessage({ data: structuredClone(message), ports: transfer })),
  });
  api.onFork = (child) => {
    void utilityProcessTrainerHost(child.parentPort).then((host) => {
      const trainer: FakeTrainer = { process: child, host, commands: [] };
      host.onCommand((c) => trainer.commands.push(c));
      trainers.push(trainer);
    });
  };
  const service = new TrainingService(engine.db, home, (m) => events.push(m), launcher);
  return { api, events, trainers, service };
}

const started = (run: number): TrainerMessage => ({
  type: 'started',
  run,
  backend: 'cpu',
  device: 'test',
  notes: [],
  resumed_from: null,
  parameters: 10,
});
const step = (run: number, n: number): TrainerMessage => ({
  type: 'step',
  run,
  step: n,
  steps: 4,
  loss: 1,
  lr: 0.1,
  grad_norm: 1,
  images_per_second: 5,
  data_ms: 1,
  compute_ms: 2,
  eta_seconds: 1,
  memory_mb: 3,
});

describe('trainer launch through a utility process (Electron faked)', () => {
  it('round trip: progress reaches the engine, pause / resume / cancel reach the trainer, invalid messages are dropped', async () => {
    const app = desktopApp();
    app.service.start(runId);
    await until(() => app.trainers.length === 1, 'the trainer to connect');
    const [trainer] = app.trainers;
    expect(trainer.process.args).toEqual([home, String(runId)]);
    expect(app.service.detail(runId).active).toBe(true);

    trainer.host.send(started(runId));
    trainer.host.send({ type: 'step', run: 'not a number' } as never);
    trainer.host.send(step(runId, 1));
    await until(() => app.events.length === 2, 'two messages');
    expect(app.events.map((m) => m.type)).toEqual(['started', 'step']);

    app.service.command(runId, 'pause');
    app.service.command(runId, 'resume');
    app.service.command(runId, 'cancel');
    await until(() => trainer.commands.length === 3, 'three commands');
    expect(trainer.commands).toEqual([{ type: 'pause' }, { type: 'resume' }, { type: 'cancel' }]);

    trainer.host.send({ type: 'finished', run: runId, status: 'cancelled', step: 1 });
    trainer.process.exit(0);
    await until(() => !app.service.detail(runId).active, 'the run to end');
    expect(app.events.map((m) => m.type)).toEqual(['started', 'step', 'finished']); // no made-up end message
  });

  it('a crashed trainer is reported, and its run is marked interrupted and can be started again', async () => {
    const app = desktopApp();
    app.service.start(runId);
    await until(() => app.trainers.length === 1, 'the trainer to connect');
    // what the real trainer does first: mark the run running with its pid (here one that has exited)
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    engine.db.prepare(`UPDATE runs SET status = 'running', pid = ? WHERE id = ?`).run(deadPid, runId);
    app.trainers[0].host.send(started(runId));
    app.trainers[0].process.exit(
      134,
      'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n',
    );

    await until(() => app.events.some((m) => m.type === 'failed'), 'the failure report');
    expect(app.events.at(-1)).toEqual({
      type: 'failed',
      run: runId,
      message: `trainer crashed: FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory; run ${runId} is interrupted and can be resumed from its last checkpoint`,
      resumable: true,
    });
    expect(getRun(engine.db, runId).status).toBe('interrupted');
    expect(app.service.detail(runId).active).toBe(false);

    app.service.start(runId); // resumable: a fresh trainer process
    await until(() => app.trainers.length === 2, 'the second trainer');
    expect(app.api.forked).toHaveLength(2);
    app.trainers[1].process.exit(0);
    await until(() => !app.service.detail(runId).active, 'the second trainer to end');
  });

  it('quit during training: stopAll cancels each trainer and waits for its exit', async () => {
    const app = desktopApp();
    app.service.start(runId);
    await until(() => app.trainers.length === 1, 'the trainer to connect');
    const [trainer] = app.trainers;
    let commandsBeforeExit: TrainerCommand[] = [];
    trainer.host.onCommand((c) => {
      // the trainer finishes its step, checkpoints, says so and exits
      if (c.type !== 'cancel' || trainer.process.exited) return;
      commandsBeforeExit = [...trainer.commands];
      trainer.host.send({ type: 'finished', run: runId, status: 'cancelled', step: 2 });
      setTimeout(() => trainer.process.exit(0), 20);
    });
    await app.service.stopAll();
    expect(commandsBeforeExit).toEqual([{ type: 'cancel' }]);
    expect(trainer.process.exited).toBe(true);
    expect(app.events.at(-1)).toMatchObject({ type: 'finished', status: 'cancelled' });
  });

  it('a fork main cannot make fails the start with its reason', async () => {
    const app = desktopApp();
    app.api.failNextFork = new Error('spawn ENOENT');
    app.service.start(runId);
    await until(() => app.events.length === 1, 'the failure report');
    expect(app.events[0]).toMatchObject({
      type: 'failed',
      run: runId,
      message: expect.stringMatching(/could not start the trainer: spawn ENOENT/),
    });
    expect(app.service.detail(runId).active).toBe(false);
  });
});

describe('PortTrainerLauncher', () => {
  it('queues commands until main hands over the port', async () => {
    const requests: unknown[] = [];
    const launcher = new PortTrainerLauncher((r) => void requests.push(r));
    const handle = launcher.start('/h', 4, () => {});
    expect(requests).toEqual([{ type: 'trainer:fork', launch: 1, home: '/h', runId: 4 }]);
    handle.send({ type: 'pause' });
    const { port1: trainerEnd, port2: engineEnd } = createFakeChannel();
    const atTrainer: unknown[] = [];
    trainerEnd.on('message', (e: { data: unknown }) => atTrainer.push(e.data));
    trainerEnd.start();
    expect(launcher.handleHostMessage({ data: { type: 'trainer:port', launch: 1 }, ports: [engineEnd] })).toBe(true);
    handle.send({ type: 'resume' });
    await until(() => atTrainer.length === 2, 'both commands');
    expect(atTrainer).toEqual([{ type: 'pause' }, { type: 'resume' }]);
    expect(launcher.handleHostMessage({ data: { type: 'result', id: 1, ok: true, value: 1 } })).toBe(false); // not ours
  });

  it("keeps the trainer's last message when main's exit notice overtakes it", async () => {
    const launcher = new PortTrainerLauncher(() => {}, 5000);
    const seen: TrainerMessage[] = [];
    const handle = launcher.start('/h', 4, (m) => seen.push(m));
    const { port1: trainerEnd, port2: engineEnd } = createFakeChannel();
    launcher.handleHostMessage({ data: { type: 'trainer:port', launch: 1 }, ports: [engineEnd] });
    let settled = false;
    void handle.done.then(() => (settled = true));
    launcher.handleHostMessage({ data: { type: 'trainer:exit', launch: 1, code: 0, stderr: '' } });
    await nextTick();
    expect(settled).toBe(false); // waits for the port, not for the grace period
    trainerEnd.postMessage({ type: 'finished', run: 4, status: 'completed', step: 4 });
    await nextTick();
    trainerEnd.close();
    const exit = await handle.done;
    expect(exit.outcome).toEqual({ type: 'finished', run: 4, status: 'completed', step: 4 });
    expect(seen).toHaveLength(1);
  });

  it('gives up waiting for a port that never closes after the grace period', async () => {
    const launcher = new PortTrainerLauncher(() => {}, 30);
    const handle = launcher.start('/h', 4, () => {});
    const { port2: engineEnd } = createFakeChannel();
    launcher.handleHostMessage({ data: { type: 'trainer:port', launch: 1 }, ports: [engineEnd] });
    launcher.handleHostMessage({ data: { type: 'trainer:exit', launch: 1, code: 9, stderr: '' } });
    expect(await handle.done).toEqual({
      code: 9,
      signal: null,
      outcome: { type: 'failed', run: 4, message: 'trainer exited with code 9' },
    });
    expect(engineEnd.closed).toBe(true);
  });
});
