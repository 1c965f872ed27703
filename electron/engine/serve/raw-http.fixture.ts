import net from 'node:net';

/** Sends bytes as they are (no client library to tidy them) and returns what came back before the close. */
export function rawRequest(port: number, data: string | Buffer, waitMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', done);
    socket.write(data);
  });
}

export interface RawSocket {
  status: number;
  socket: net.Socket;
  /** Bytes received after the handshake's head. */
  received(): Buffer;
  closed: Promise<void>;
}

/** A WebSocket upgrade by hand, so tests can send frames no real client would. */
export function rawUpgrade(port: number, path: string, headers: Record<string, string> = {}): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let head: number | null = null;
    let status = 0;
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.on('error', () => undefined);
    socket.on('data', (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      if (head !== null) return;
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      head = end + 4;
      status = Number(/^HTTP\/1\.1 (\d+)/.exec(buf.subarray(0, end).toString('latin1'))?.[1] ?? 0);
      resolve({ status, socket, received: () => buf.subarray(head ?? 0), closed });
    });
    socket.on('close', () => {
      if (head === null) resolve({ status: 0, socket, received: () => Buffer.alloc(0), closed });
    });
    const lines = [
      `GET ${path} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`, (e) => e && reject(e));
  });
}

/** A masked client frame (clients must mask): FIN set, the given opcode and payload. */
export function clientFrame(opcode: number, payload: Buffer, fin = true): Buffer {
  const mask = Buffer.from([1, 2, 3, 4]);
  const n = payload.length;
  const head =
    n < 126
      ? Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | n])
      : Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | 126, n >> 8, n & 0xff]);
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([head, mask, body]);
}
