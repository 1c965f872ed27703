import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../api/engine.js';
import { startServer, type RunningServer } from './server.js';

/** Serve mode's download of exported files as one tar: what comes back, and what is refused. */
const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-archive-'));
const outside = mkdtempSync(path.join(os.tmpdir(), 'catlip-archive-outside-'));
const exportDir = path.join(home, 'exports', 'corenet-run-3');
let engine: Engine;
let server: RunningServer;

beforeAll(async () => {
  mkdirSync(exportDir, { recursive: true });
  writeFileSync(path.join(exportDir, 'config.yaml'), 'taskname: catlip\n');
  writeFileSync(path.join(exportDir, 'launch.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
  writeFileSync(path.join(outside, 'secret.txt'), 'not yours');
  symlinkSync(path.join(outside, 'secret.txt'), path.join(exportDir, 'link.txt'));
  engine = new Engine(home);
  server = await startServer(engine);
});
afterAll(async () => {
  await server.close();
  engine.close();
  rmSync(home, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const archive = (body: unknown, token: string | null = server.token) =>
  fetch(`http://127.0.0.1:${server.port}/api/files/archive`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

async function untar(bytes: ArrayBuffer): Promise<Map<string, { text: string; mode: number }>> {
  const extract = tar.extract();
  const members = new Map<string, { text: string; mode: number }>();
  Readable.from(Buffer.from(bytes)).pipe(extract);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    members.set(entry.header.name, { text: Buffer.concat(chunks).toString('utf8'), mode: entry.header.mode ?? 0 });
  }
  return members;
}

describe('serve: exported files as one tar download', () => {
  it('packs the listed files under the archive name, launch script still executable', async () => {
    const res = await archive({
      name: 'corenet-run-3',
      files: [path.join(exportDir, 'config.yaml'), path.join(exportDir, 'launch.sh')],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-tar');
    expect(res.headers.get('content-disposition')).toContain('corenet-run-3.tar');
    const members = await untar(await res.arrayBuffer());
    expect([...members.keys()]).toEqual(['corenet-run-3/config.yaml', 'corenet-run-3/launch.sh']);
    expect(members.get('corenet-run-3/config.yaml')!.text).toBe('taskname: catlip\n');
    expect(members.get('corenet-run-3/launch.sh')!.mode & 0o100).toBe(0o100);
  });

  it('refuses files outside the allowed roots, also through a link, and says which', async () => {
    const out = await archive({ name: 'x', files: [path.join(outside, 'secret.txt')] });
    expect(out.status).toBe(400);
    expect(await out.json()).toMatchObject({
      code: 'invalid-request',
      message: expect.stringMatching(/^files\[0\]: .* outside the folders/),
    });
    const link = await archive({
      name: 'x',
      files: [path.join(exportDir, 'config.yaml'), path.join(exportDir, 'link.txt')],
    });
    expect(link.status).toBe(400);
    expect(((await link.json()) as { message: string }).message).toMatch(/^files\[1\]/);
  });

  it('answers a folder, a missing file, a bad name, a bad body and a missing token with errors', async () => {
    expect((await archive({ name: 'x', files: [exportDir] })).status).toBe(400);
    const gone = await archive({ name: 'x', files: [path.join(exportDir, 'gone.yaml')] });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { code: string }).code).toBe('not-found');
    expect((await archive({ name: '../evil', files: [path.join(exportDir, 'config.yaml')] })).status).toBe(400);
    expect((await archive({ name: 'x', files: [] })).status).toBe(400);
    expect((await archive({ name: 'x', files: [path.join(exportDir, 'config.yaml')] }, null)).status).toBe(401);
    const get = await fetch(`http://127.0.0.1:${server.port}/api/files/archive`, {
      headers: { Authorization: `Bearer ${server.token}` },
    });
    expect(get.status).toBe(405);
  });
});
