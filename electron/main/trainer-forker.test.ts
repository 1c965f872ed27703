import { describe, expect, it } from 'vitest';
import type { TrainerLaunchReply } from '../engine/training/launch-protocol.js';
import { FakeMessagePort, FakeUtilityProcessApi, nextTick, until } from '../../test/electron/fake-electron.js';
import { isTrainerForkRequest, TrainerForker } from './trainer-forker.js';

function setup() {
  const api = new FakeUtilityProcessApi();
  const replies: { message: TrainerLaunchReply; transfer: FakeMessagePort[] }[] = [];
  const echoed: string[] = [];
  const forker = new TrainerForker<FakeMessagePort>({
    ...api,
    trainerEntry: '/app/dist/electron/engine/training/trainer-process.js',
    home: '/data/CatLIP Pilot',
    replyToEngine: (message, transfer = []) => void replies.push({ message, transfer }),
    echoStderr: (chunk) => void echoed.push(chunk),
  });
  return { api, forker, replies, echoed };
}

describe("main's trainer fork handler", () => {
  it('forks trainer-process.js as a utility process and hands the two ends of one channel to trainer and engine', async () => {
    const { api, forker, replies } = setup();
    forker.fork({ type: 'trainer:fork', launch: 7, home: '/data/CatLIP Pilot', runId: 3 });

    expect(api.forked).toHaveLength(1);
    const [trainer] = api.forked;
    expect(trainer.modulePath).toBe('/app/dist/electron/engine/training/trainer-process.js');
    expect(trainer.args).toEqual(['/data/CatLIP Pilot', '3']);
    expect(trainer.options).toEqual({
      serviceName: 'CatLIP Pilot trainer (run 3)',
      stdio: ['ignore', 'inherit', 'pipe'],
    });

    expect(trainer.received).toHaveLength(1);
    expect(trainer.received[0].message).toEqual({ type: 'trainer:connect' });
    expect(replies).toHaveLength(1);
    expect(replies[0].message).toEqual({ type: 'trainer:port', launch: 7 });
    const [trainerEnd] = trainer.received[0].transfer;
    const [engineEnd] = replies[0].transfer;
    expect(trainerEnd.peer).toBe(engineEnd); // one channel: trainer ↔ engine directly, not through main

    // messages cross without main: engine → trainer and back
    const atTrainer: unknown[] = [];
    const atEngine: unknown[] = [];
    trainerEnd.on('message', (e: { data: unknown }) => atTrainer.push(e.data));
    engineEnd.on('message', (e: { data: unknown }) => atEngine.push(e.data));
    trainerEnd.start();
    engineEnd.start();
    engineEnd.postMessage({ type: 'pause' });
    trainerEnd.postMessage({ type: 'paused', run: 3, step: 2 });
    await until(() => atTrainer.length === 1 && atEngine.length === 1, 'both messages');
    expect(atTrainer).toEqual([{ type: 'pause' }]);
    expect(atEngine).toEqual([{ type: 'paused', run: 3, step: 2 }]);
  });

  it("reports the trainer's exit to the engine with its code and the tail of its stderr", async () => {
    const { api, forker, replies, echoed } = setup();
    forker.fork({ type: 'trainer:fork', launch: 1, home: '/data/CatLIP Pilot', runId: 5 });
    api.forked[0].exit(139, 'Error: something\n    at x (y.js:1:1)\nSegmentation fault\n');
    await until(() => replies.length === 2, 'the exit report');
    expect(replies[1].message).toEqual({
      type: 'trainer:exit',
      launch: 1,
      code: 139,
      stderr: 'Error: something\n    at x (y.js:1:1)\nSegmentation fault\n',
    });
    expect(echoed.join('')).toMatch(/Segmentation fault/); // still visible in main's log
  });

  it('refuses bad requests and reports a failed fork instead of throwing', async () => {
    const { api, forker, replies } = setup();
    forker.fork({ type: 'trainer:fork', launch: 1, home: '/etc', runId: 5 });
    forker.fork({ type: 'trainer:fork', launch: 2, home: '/data/CatLIP Pilot', runId: 1.5 });
    api.failNextFork = new Error('spawn EACCES');
    forker.fork({ type: 'trainer:fork', launch: 3, home: '/data/CatLIP Pilot', runId: 5 });
    await nextTick();
    expect(api.forked).toHaveLength(0);
    expect(replies.map((r) => r.message)).toEqual([
      { type: 'trainer:fork-failed', launch: 1, message: expect.stringMatching(/data directory/) },
      { type: 'trainer:fork-failed', launch: 2, message: expect.stringMatching(/invalid run id/) },
      { type: 'trainer:fork-failed', launch: 3, message: 'could not start the trainer: spawn EACCES' },
    ]);
  });

  it('recognises fork requests among the engine host messages', () => {
    expect(isTrainerForkRequest({ type: 'trainer:fork', launch: 1, home: '/h', runId: 2 })).toBe(true);
    expect(isTrainerForkRequest({ type: 'trainer:fork', launch: '1', home: '/h', runId: 2 })).toBe(false);
    expect(isTrainerForkRequest({ type: 'event', event: 'x', payload: {} })).toBe(false);
    expect(isTrainerForkRequest(null)).toBe(false);
  });
});
