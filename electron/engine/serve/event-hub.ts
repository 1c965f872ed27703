import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** Clients send nothing but control frames on the event socket; anything larger is refused by `ws`. */
export const MAX_CLIENT_PAYLOAD = 4 * 1024;
/** Events waiting in one socket's send buffer before that consumer counts as stuck and is closed. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * The event WebSockets of serve mode, on the maintained `ws` package (framing, fragmentation, payload limit,
 * ping/pong, close handshake). A consumer that does not read its events gets closed (1013, try again later)
 * once its send buffer passes MAX_BUFFERED_BYTES, so one slow tab can never grow the server's memory.
 */
export class EventHub {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_PAYLOAD,
    perMessageDeflate: false,
  });

  constructor(private readonly maxBuffered = MAX_BUFFERED_BYTES) {
    this.wss.on('error', () => undefined); // a failed handshake is that client's problem, never the server's
  }

  /** Completes the upgrade (ws answers 400 to a malformed handshake itself). */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      ws.on('message', () => undefined); // payloads carry no API calls (those go over HTTP); ws tracks clients
    });
  }

  get size(): number {
    return this.wss.clients.size;
  }

  broadcast(text: string): void {
    for (const ws of this.wss.clients) this.send(ws, text);
  }

  private send(ws: WebSocket, text: string): void {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount + Buffer.byteLength(text) > this.maxBuffered) {
      ws.close(1013, 'event consumer too slow');
      setTimeout(() => ws.terminate(), 1000).unref(); // a peer that reads nothing does not read the close either
      return;
    }
    ws.send(text);
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}
