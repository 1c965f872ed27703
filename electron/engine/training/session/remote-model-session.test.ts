import * as tf from '../../tfjs.js';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backends.js';
import { Tokenizer, trainTokenizer } from '../model/tokenizer.js';
import { serveComputeSession, type ComputeEnvironment } from './compute-handler.js';
import { createLocalSession } from './local-model-session.js';
import type { ModelSession, SessionBatch, SessionInit, SessionState } from './model-session.js';
import { onPortMessage } from './message-port.js';
import { openModelSession } from './open-session.js';
import { RemoteModelSession, type ComputeConnection } from './remote-model-session.js';
import { TINY_CLASSES, TINY_CONFIG, tinyBatch } from './tiny-session.fixture.js';

const cpuEnv = (software = false): ComputeEnvironment => ({
  activate: async () => {
    await selectBackend('cpu');
    return { backend: 'cpu', device: 'node test cpu', software };
  },
});

const open: MessageChannel[] = [];
/** A compute side served in this process over a worker_threads MessageChannel (what the compute window does over Electron's). */
function computeConnection(env: ComputeEnvironment = cpuEnv()): ComputeConnection & { gone(reason: string): void } {
  const channel = new MessageChannel();
  open.push(channel);
  serveComputeSession(channel.port2, env);
  let onGone: ((reason: string) => void) | undefined;
  return { port: channel.port1, onGone: (l) => (onGone = l), gone: (reason) => onGone?.(reason) };
}
afterEach(() => {
  open.splice(0).forEach((c) => (c.port1.close(), c.port2.close()));
});
beforeAll(async () => {
  await selectBackend('cpu');
});

async function train(
  session: ModelSession,
  from: number,
  to: number,
  batch: (step: number) => SessionBatch = tinyBatch,
) {
  const losses: number[] = [];
  // a fresh batch per call: the remote session transfers (detaches) its image buffer
  for (let s = from; s < to; s++) losses.push((await session.step(batch(s), s)).loss);
  return losses;
}

function expectSameState(a: SessionState, b: SessionState) {
  expect(b.optimizerStep).toBe(a.optimizerStep);
  expect(b.tensors.map((t) => t.name)).toEqual(a.tensors.map((t) => t.name));
  a.tensors.forEach((t, i) => {
    expect(b.tensors[i].shape, t.name).toEqual(t.shape);
    expect(Array.from(b.tensors[i].data), t.name).toEqual(Array.from(t.data));
  });
}

describe('remote model session (compute side over a MessagePort)', () => {
  const init: SessionInit = { config: TINY_CONFIG, numClasses: TINY_CLASSES };

  it('gives the losses and state of the local session, step for step', async () => {
    const local = createLocalSession(init);
    const remote = await RemoteModelSession.open(computeConnection(), init);
    expect(remote.parameters).toBe(local.parameters);
    expect(remote.device).toEqual({ backend: 'cpu', device: 'node test cpu', software: false });
    const [l, r] = [await train(local, 0, 3), await train(remote, 0, 3)];
    expect(r).toEqual(l);
    expect(new Set(l).size).toBe(3); // it trains: the loss moves
    expectSameState(await local.exportState(), await remote.exportState());
    await Promise.all([local.dispose(), remote.dispose()]);
  });

  it('restores a checkpointed state and continues exactly as an uninterrupted session', async () => {
    const straight = createLocalSession(init);
    const losses = await train(straight, 0, 5);
    const first = createLocalSession(init);
    await train(first, 0, 3);
    const resumed = await RemoteModelSession.open(computeConnection(), {
      ...init,
      restored: await first.exportState(),
    });
    expect(await train(resumed, 3, 5)).toEqual(losses.slice(3));
    expectSameState(await straight.exportState(), await resumed.exportState());
    await Promise.all([straight.dispose(), first.dispose(), resumed.dispose()]);
  });

  it('carries captions (tokens), the IDF state and a changed LR schedule for SuperClass', async () => {
    const captions = ['a red cat', 'a blue dog on grass', 'green tree', 'a cat and a dog', 'red car', 'blue boat'];
    const tokenizer = trainTokenizer(captions, 300);
    const config = { ...TINY_CONFIG, objective: 'superclass' as const };
    const sInit: SessionInit = { config, tokenizer: tokenizer.toJSON() };
    const text = Tokenizer.fromJSON(tokenizer.toJSON());
    const batch = (s: number) => ({
      images: tinyBatch(s).images,
      tokens: Array.from({ length: config.batch }, (_, i) => text.encode(captions[(s + i) % captions.length], 8)),
    });
    const local = createLocalSession(sInit);
    const remote = await RemoteModelSession.open(computeConnection(), sInit);
    for (const s of [local, remote]) await s.setSchedule({ totalSteps: 4, warmupSteps: 1 });
    expect(await train(remote, 0, 3, batch)).toEqual(await train(local, 0, 3, batch));
    const [a, b] = [await local.exportState(), await remote.exportState()];
    expect(b.idf).toEqual(a.idf);
    expect(a.idf).toBeDefined();
    expectSameState(a, b);
  });

  it("fails a call with the compute side's error, and every call once the compute side is gone", async () => {
    const conn = computeConnection();
    const remote = await RemoteModelSession.open(conn, init);
    const bad = { images: new Float32Array(7), labels: tinyBatch(0).labels };
    await expect(remote.step(bad, 0)).rejects.toThrow(/size|shape/i);
    const inFlight = remote.step(tinyBatch(0), 0);
    conn.gone('the compute window crashed (reason: crashed)');
    await expect(inFlight).rejects.toThrow('the compute window crashed (reason: crashed)');
    await expect(remote.exportState()).rejects.toThrow('crashed');
  });

  it('answers invalid requests and requests before init with errors', async () => {
    const channel = new MessageChannel();
    open.push(channel);
    serveComputeSession(channel.port2, cpuEnv());
    const replies: unknown[] = [];
    onPortMessage(channel.port1, (d) => replies.push(d));
    channel.port1.postMessage({ type: 'export', id: 1 });
    channel.port1.postMessage({ type: 'step', id: 2, step: 0, batch: { images: [1, 2, 3] } });
    await expect.poll(() => replies.length).toBe(2);
    expect(replies).toContainEqual({ type: 'error', id: 1, message: "'export' before 'init'" });
    expect(replies).toContainEqual(
      expect.objectContaining({ type: 'error', id: 2, message: expect.stringMatching(/^invalid compute request/) }),
    );
  });
});

describe('openModelSession inside the app (a compute opener given)', () => {
  const init: SessionInit = { config: TINY_CONFIG, numClasses: TINY_CLASSES };

  it('webgpu trains in the compute window on a GPU adapter', async () => {
    const { session, backend } = await openModelSession('webgpu', init, async () => computeConnection(cpuEnv(false)));
    expect(session).toBeInstanceOf(RemoteModelSession);
    expect(backend.notes).toEqual([expect.stringMatching(/compute window/)]);
    await session.dispose();
  });

  it('webgpu refuses a software adapter, naming the alternatives, unless the run allows it', async () => {
    await expect(openModelSession('webgpu', init, async () => computeConnection(cpuEnv(true)))).rejects.toThrow(
      /only a software adapter \(node test cpu\).*tfjs-node-gpu.*backend cpu.*allow the software adapter/,
    );
    const allowed: SessionInit = { ...init, config: { ...TINY_CONFIG, allowSoftwareAdapter: true } };
    const { session, backend } = await openModelSession('webgpu', allowed, async () => computeConnection(cpuEnv(true)));
    expect(session).toBeInstanceOf(RemoteModelSession);
    expect(backend.notes).toEqual(
      expect.arrayContaining([expect.stringMatching(/compute window/), expect.stringMatching(/software adapter/)]),
    );
    await session.dispose();
  });

  it('auto does not train on a software adapter: the faster of wasm and cpu (measured), with the reason', async () => {
    const { session, backend } = await openModelSession('auto', init, async () => computeConnection(cpuEnv(true)));
    expect(session).not.toBeInstanceOf(RemoteModelSession);
    expect(['wasm', 'cpu']).toContain(backend.backend);
    expect(backend.notes.join('\n')).toMatch(/only a software adapter/);
    expect(backend.notes.join('\n')).toMatch(/measured: wasm [\d.]+ ms vs cpu [\d.]+ ms per probe step/);
    await session.dispose();
  });

  it('a compute window without WebGPU fails webgpu and sends auto to the CPU', async () => {
    const none: ComputeEnvironment = { activate: () => Promise.reject(new Error('no WebGPU adapter in this window')) };
    await expect(openModelSession('webgpu', init, async () => computeConnection(none))).rejects.toThrow(
      'webgpu (compute window): no WebGPU adapter in this window',
    );
    const { backend, session } = await openModelSession('auto', init, async () => computeConnection(none));
    expect(['wasm', 'cpu']).toContain(backend.backend);
    expect(backend.notes.join('\n')).toMatch(/no WebGPU adapter in this window/);
    await session.dispose();
    expect(tf.getBackend()).toBe(backend.backend);
    await tf.setBackend('cpu');
  });
});
