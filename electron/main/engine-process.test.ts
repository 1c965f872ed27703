import { describe, expect, it } from 'vitest';
import { FakeMessagePort, FakeUtilityProcessApi, until } from '../../test/electron/fake-electron.js';
import { EngineProcess } from './engine-process.js';

function start() {
  const api = new FakeUtilityProcessApi();
  const events: { event: string; payload: unknown }[] = [];
  const exits: number[] = [];
  const engine = new EngineProcess<FakeMessagePort>({
    api,
    engineEntry: '/app/dist/electron/engine/host/utility-main.js',
    trainerEntry: '/app/dist/electron/engine/training/trainer-process.js',
    home: '/data/CatLIP Pilot',
    onEvent: (event, payload) => void events.push({ event, payload }),
    onExit: (code) => void exits.push(code),
  });
  const [engineProcess] = api.forked;
  return { api, engine, engineProcess, events, exits };
}

describe('EngineProcess (main side of the engine utility process, Electron faked)', () => {
  it('forwards calls and events, and forks a trainer when the engine asks', async () => {
    const { api, engine, engineProcess, events } = start();
    expect(engineProcess.modulePath).toBe('/app/dist/electron/engine/host/utility-main.js');
    expect(engineProcess.args).toEqual(['/data/CatLIP Pilot']);
    // the engine side: answer invokes, post an event, ask for a trainer
    engineProcess.parentPort.on('message', ({ data }: { data: { type: string; id: number } }) => {
      if (data.type === 'invoke')
        engineProcess.parentPort.postMessage({ type: 'result', id: data.id, ok: true, value: 'pong' });
    });
    await expect(engine.call('datasets:list', {})).resolves.toBe('pong');
    engineProcess.parentPort.postMessage({
      type: 'event',
      event: 'training:message',
      payload: { type: 'paused', run: 1, step: 2 },
    });
    await until(() => events.length === 1, 'the event');
    expect(events[0]).toEqual({ event: 'training:message', payload: { type: 'paused', run: 1, step: 2 } });

    engineProcess.parentPort.postMessage({ type: 'trainer:fork', launch: 1, home: '/data/CatLIP Pilot', runId: 9 });
    await until(() => api.forked.length === 2, 'the trainer fork');
    const trainer = api.forked[1];
    expect(trainer.modulePath).toBe('/app/dist/electron/engine/training/trainer-process.js');
    expect(trainer.args).toEqual(['/data/CatLIP Pilot', '9']);
    const portReply = engineProcess.received.find((r) => (r.message as { type: string }).type === 'trainer:port')!;
    expect(portReply.message).toEqual({ type: 'trainer:port', launch: 1 });
    expect(portReply.transfer[0].peer).toBe(trainer.received[0].transfer[0]);

    trainer.exit(1, 'boom\n');
    await until(
      () => engineProcess.received.some((r) => (r.message as { type: string }).type === 'trainer:exit'),
      'the exit report',
    );
    expect(engineProcess.received.at(-1)!.message).toEqual({
      type: 'trainer:exit',
      launch: 1,
      code: 1,
      stderr: 'boom\n',
    });
  });

  it('shutdown waits for the engine to stop its trainers; an engine exit fails pending calls', async () => {
    const { engine, engineProcess, exits } = start();
    engineProcess.parentPort.on('message', ({ data }: { data: { type: string } }) => {
      if (data.type === 'shutdown')
        setTimeout(() => engineProcess.parentPort.postMessage({ type: 'shutdown-complete' }), 10);
    });
    await engine.shutdown(5000);
    expect(engineProcess.received.map((r) => r.message)).toEqual([{ type: 'shutdown' }]);

    const pending = engine.call('datasets:list', {});
    engineProcess.exit(5);
    await expect(pending).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringMatching(/exited \(code 5\)/),
    });
    expect(exits).toEqual([5]);
  });
});
