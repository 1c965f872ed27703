import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../api/engine.js';
import { serveEngine, type HostMessage, type PortLike } from './engine-host.js';
import { fixture } from '../../../test/fixtures/fixture-paths.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-host-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

class FakePort extends EventEmitter implements PortLike {
  readonly sent: HostMessage[] = [];
  override on(event: 'message', listener: (m: { data: unknown }) => void): this {
    return super.on(event, listener);
  }
  postMessage(message: HostMessage): void {
    this.sent.push(message);
    this.emit('posted', message);
  }
  request(data: unknown): void {
    this.emit('message', { data });
  }
  next(pred: (m: HostMessage) => boolean): Promise<HostMessage> {
    const found = this.sent.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const h = (m: HostMessage) => {
        if (pred(m)) {
          this.off('posted', h);
          resolve(m);
        }
      };
      this.on('posted' as 'message', h as never);
    });
  }
}

describe('engine host protocol', () => {
  it('answers invokes with results or serialised errors, forwards events, shuts down cleanly', async () => {
    const port = new FakePort();
    let exited = false;
    serveEngine(new Engine(home), port, () => (exited = true));
    port.request({ type: 'invoke', id: 1, channel: 'labels:caption', request: { caption: 'a cat on a sofa' } });
    const ok = await port.next((m) => m.type === 'result' && m.id === 1);
    expect(ok).toMatchObject({ ok: true, value: { synsets: [{ name: 'cat.n.01' }, { name: 'sofa.n.01' }] } });

    port.request({ type: 'invoke', id: 2, channel: 'vocab:build', request: { dataset: 'none' } });
    expect(await port.next((m) => m.type === 'result' && m.id === 2)).toEqual({
      type: 'result',
      id: 2,
      ok: false,
      error: {
        code: 'not-found',
        message: 'no dataset named "none" (none imported yet)',
        note: { id: 'dataset.noneImported', params: { name: 'none' } },
      },
    });
    port.request({ type: 'invoke', id: 3, channel: 'datasets:import', request: { path: 1 } });
    expect(await port.next((m) => m.type === 'result' && m.id === 3)).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });

    const folder = fixture('imagefolder');
    port.request({
      type: 'invoke',
      id: 4,
      channel: 'datasets:import',
      request: { path: folder, name: 'pets', imageSize: 16 },
    });
    await port.next((m) => m.type === 'result' && m.id === 4);
    expect(port.sent.some((m) => m.type === 'event' && m.event === 'import:progress')).toBe(true);

    port.request({ type: 'shutdown' });
    await port.next((m) => m.type === 'shutdown-complete');
    expect(exited).toBe(true);
  });

  it('inside the app, asks main for trainers over the same port and takes its replies', async () => {
    const port = new FakePort();
    const engine = new Engine(home);
    serveEngine(engine, port, () => {}, { forkTrainersThroughHost: true });
    await engine.invoke('datasets:import', { path: fixture('coco'), name: 'coco-host', imageSize: 16 });
    port.request({
      type: 'invoke',
      id: 1,
      channel: 'training:start',
      request: { dataset: 'coco-host', objective: 'clip', steps: 2, batch: 2, backend: 'cpu' },
    });
    const started = await port.next((m) => m.type === 'result' && m.id === 1);
    const run = (started as { value: { run: number } }).value.run;
    expect(await port.next((m) => m.type === 'trainer:fork')).toEqual({
      type: 'trainer:fork',
      launch: 1,
      home,
      runId: run,
    });

    port.request({ type: 'trainer:fork-failed', launch: 1, message: 'no utility process today' });
    const failed = await port.next((m) => m.type === 'event' && m.event === 'training:message');
    expect(failed).toMatchObject({
      payload: { type: 'failed', run, message: expect.stringMatching(/no utility process today/) },
    });

    // Home's status knows that runs here train in the compute window
    port.request({ type: 'invoke', id: 2, channel: 'system:status', request: { refresh: false } });
    const status = await port.next((m) => m.type === 'result' && m.id === 2);
    expect(status).toMatchObject({ ok: true, value: { compute_window: true } });
    engine.close();
  });
});
