import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { TrainerCommand, TrainerMessage } from '../../shared/training.js';
import { createFakeChannel, FakeParentPort, until } from '../../../test/electron/fake-electron.js';
import { childProcessTrainerHost, utilityProcessTrainerHost } from './trainer-side-transport.js';

// The trainer's two transports (trainer-process.ts picks one): the child_process one is also run for real in
// trainer-process.test.ts; the utility-process one needs Electron's parentPort, faked here.
const finished: TrainerMessage = { type: 'finished', run: 2, status: 'completed', step: 3 };

describe('trainer transport: forked child (process.send)', () => {
  it('sends messages through process.send and takes only valid commands', () => {
    const sent: unknown[] = [];
    const channel = Object.assign(new EventEmitter(), { send: (m: unknown) => sent.push(m) > 0 });
    const host = childProcessTrainerHost(channel);
    const commands: TrainerCommand[] = [];
    host.onCommand((c) => commands.push(c));
    host.send(finished);
    channel.emit('message', { type: 'pause' });
    channel.emit('message', { type: 'explode' });
    channel.emit('message', 'cancel');
    channel.emit('message', { type: 'cancel' });
    expect(sent).toEqual([finished]);
    expect(commands).toEqual([{ type: 'pause' }, { type: 'cancel' }]);
  });

  it('refuses to run without an IPC channel', () => {
    expect(() => childProcessTrainerHost(new EventEmitter())).toThrow(/no IPC channel/);
  });
});

describe('trainer transport: Electron utility process (parentPort + transferred port)', () => {
  function connected() {
    const parentPort = new FakeParentPort(() => {});
    const { port1: trainerEnd, port2: engineEnd } = createFakeChannel();
    const atEngine: unknown[] = [];
    engineEnd.on('message', (e: { data: unknown }) => atEngine.push(e.data));
    engineEnd.start();
    return { parentPort, trainerEnd, engineEnd, atEngine };
  }

  it("waits for main's connect message with the port, then talks to the engine over that port only", async () => {
    const { parentPort, trainerEnd, engineEnd, atEngine } = connected();
    const hostPromise = utilityProcessTrainerHost(parentPort);
    parentPort.emit('message', { data: { type: 'hello' }, ports: [trainerEnd] }); // not the connect message
    parentPort.emit('message', { data: { type: 'trainer:connect' }, ports: [] }); // no port: ignored
    parentPort.emit('message', { data: { type: 'trainer:connect' }, ports: [trainerEnd] });
    const host = await hostPromise;
    expect(parentPort.listenerCount('message')).toBe(0); // parentPort is not used after the handshake

    const commands: TrainerCommand[] = [];
    host.onCommand((c) => commands.push(c));
    host.send(finished);
    engineEnd.postMessage({ type: 'pause' });
    engineEnd.postMessage({ type: 'resume', extra: 'ignored by zod' });
    engineEnd.postMessage({ type: 'format-disk' });
    engineEnd.postMessage({ type: 'cancel' });
    await until(() => atEngine.length === 1 && commands.length === 3, 'message and commands');
    expect(atEngine).toEqual([finished]);
    expect(parentPort.posted).toEqual([]); // progress never goes through main
    expect(commands).toEqual([{ type: 'pause' }, { type: 'resume' }, { type: 'cancel' }]);
  });

  it('stops like a cancel when the engine end of the port goes away', async () => {
    const { parentPort, trainerEnd, engineEnd, atEngine } = connected();
    const hostPromise = utilityProcessTrainerHost(parentPort);
    parentPort.emit('message', { data: { type: 'trainer:connect' }, ports: [trainerEnd] });
    const host = await hostPromise;
    const commands: TrainerCommand[] = [];
    host.onCommand((c) => commands.push(c));
    engineEnd.close();
    await until(() => commands.length === 1, 'the cancel');
    expect(commands).toEqual([{ type: 'cancel' }]);
    host.send(finished); // nobody listens any more: dropped, no throw
    expect(atEngine).toEqual([]);
  });

  it('gives up when main never sends the port', async () => {
    const parentPort = new FakeParentPort(() => {});
    await expect(utilityProcessTrainerHost(parentPort, 20)).rejects.toThrow(/no port from the main process/);
    expect(parentPort.listenerCount('message')).toBe(0);
  });
});
