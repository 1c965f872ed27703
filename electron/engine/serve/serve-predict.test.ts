import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BASE64, MAX_UPLOAD_BYTES } from '../../shared/models.js';
import { Engine } from '../api/engine.js';
import { rawRequest } from './raw-http.fixture.js';
import { startServer, type RunningServer } from './server.js';

// "Try it" over HTTP: an image travels in the request; what is too large, not an image or a path outside the
// server's folders gets a clear error and the server answers the next request.
const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-serve-predict-'));
let engine: Engine;
let server: RunningServer;

beforeAll(async () => {
  engine = new Engine(home);
  server = await startServer(engine);
});
afterAll(async () => {
  await server.close();
  engine.close();
  rmSync(home, { recursive: true, force: true });
});

const predict = (body: unknown) =>
  fetch(`http://127.0.0.1:${server.port}/api/predict:image`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
    body: JSON.stringify(body),
  });

async function stillServing(): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/runs:list`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}` },
    body: '{}',
  });
  expect(res.status).toBe(200);
}

describe('serve mode: predict:image uploads', () => {
  it('refuses an image above the upload limit by its size, naming the limit', async () => {
    const base64 = 'A'.repeat(MAX_UPLOAD_BASE64 + 4);
    const res = await predict({ run: 1, image: { base64 } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'invalid-request',
      message: expect.stringContaining(`larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB`),
    });
    await stillServing();
  });

  it('answers a body far above the limit with 413 before reading it all', async () => {
    const body = Buffer.alloc(MAX_UPLOAD_BASE64 + (1 << 20), 'A');
    const head =
      `POST /api/predict:image HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${server.token}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const answer = await rawRequest(server.port, Buffer.concat([Buffer.from(head), body]), 5000);
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).toMatch(/images up to 8 MiB can be uploaded/);
    await stillServing();
  });

  it('answers bytes that are not an image, and text that is not base64, without loading a model', async () => {
    const bad = await predict({
      run: 1,
      image: { base64: Buffer.from('GIF89a but then nothing').toString('base64'), name: 'x.gif' },
    });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({
      code: 'invalid-data',
      message: expect.stringMatching(/^image: not a readable image/),
      at: { field: 'image' },
    });
    const text = await predict({ run: 1, image: { base64: 'not base64!' } });
    expect(text.status).toBe(400);
    expect(await text.json()).toMatchObject({ code: 'invalid-request', message: expect.stringMatching(/not base64/) });
    await stillServing();
  });

  it('reads no file outside the allowed folders', async () => {
    const res = await predict({ run: 1, image: { path: '/etc/hostname' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'invalid-request',
      message: expect.stringMatching(/image\.path: "\/etc\/hostname" is outside the folders/),
    });
    const inside = await predict({ run: 1, image: { path: path.join(home, 'missing.jpg') } });
    expect(inside.status).toBe(404);
    await stillServing();
  });
});
