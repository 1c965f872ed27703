import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventHub } from './event-hub.js';
import { rawUpgrade } from './raw-http.fixture.js';

let server: http.Server | undefined;
let hub: EventHub | undefined;
afterEach(async () => {
  hub?.close();
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
});

async function start(maxBuffered: number): Promise<number> {
  hub = new EventHub(maxBuffered);
  server = http.createServer();
  server.on('upgrade', (req, socket, head) => hub!.accept(req, socket, head));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

describe('event hub', () => {
  it('closes a consumer that stops reading instead of queueing its events without bound', async () => {
    const port = await start(256 * 1024);
    const reader = await rawUpgrade(port, '/');
    const stuck = await rawUpgrade(port, '/');
    stuck.socket.pause(); // never reads: the kernel buffers fill, then the server-side queue
    await vi.waitFor(() => expect(hub!.size).toBe(2));
    const event = JSON.stringify({ event: 'x', payload: 'y'.repeat(64 * 1024) });
    for (let i = 0; i < 400 && hub!.size === 2; i++) {
      hub!.broadcast(event);
      await new Promise((r) => setImmediate(r));
    }
    await vi.waitFor(() => expect(hub!.size).toBe(1), { timeout: 5000 });
    expect(reader.socket.destroyed).toBe(false);
  });
});
