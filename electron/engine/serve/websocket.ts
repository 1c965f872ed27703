import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * The server half of RFC 6455 that an event stream needs: the upgrade handshake, unfragmented text frames
 * to the client, and answering the client's ping and close. Client messages carry no API calls (those go
 * over HTTP), so their payloads are ignored. Small enough to audit; no dependency.
 */
export class EventSocket {
  private closed = false;

  private constructor(private readonly socket: Duplex) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => (this.closed = true));
  }

  /** Completes the handshake, or answers 400 and returns undefined. */
  static accept(req: IncomingMessage, socket: Duplex): EventSocket | undefined {
    const key = req.headers['sec-websocket-key'];
    if (req.headers.upgrade?.toLowerCase() !== 'websocket' || typeof key !== 'string') {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return undefined;
    }
    const accept = createHash('sha1').update(key + GUID).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    return new EventSocket(socket);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  sendText(text: string): void {
    if (this.closed) return;
    this.socket.write(frame(0x1, Buffer.from(text, 'utf8')));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.end(frame(0x8, Buffer.alloc(0)));
  }

  private onData(chunk: Buffer): void {
    // Control frames from the client are tiny and arrive whole; read just the opcode and payload.
    if (chunk.length < 2) return;
    const opcode = chunk[0] & 0x0f;
    const masked = (chunk[1] & 0x80) !== 0;
    let length = chunk[1] & 0x7f;
    let offset = 2;
    if (length === 126) {
      length = chunk.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      return; // nothing the client legitimately sends here is that large
    }
    const mask = masked ? chunk.subarray(offset, offset + 4) : undefined;
    if (masked) offset += 4;
    const payload = Buffer.from(chunk.subarray(offset, offset + length));
    if (mask) for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
    if (opcode === 0x8) this.close();
    else if (opcode === 0x9 && !this.closed) this.socket.write(frame(0xa, payload));
  }
}

function frame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, n]) : n < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (n >= 126 && n < 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(n, 2);
  } else if (n >= 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, payload]);
}
