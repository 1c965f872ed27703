import { describe, expect, it, vi } from 'vitest';
import { channels, type Channel } from './channels.js';
import { EngineError, serializeError } from './errors.js';
import { invoke, parseRequest, type Handlers } from './invoke.js';

describe('channel map validation', () => {
  it('fills defaults and names the offending field', () => {
    expect(parseRequest('datasets:import', { path: 'x.jsonl', name: 'web' })).toMatchObject({
      format: 'auto',
      imageSize: 96,
    });
    expect(() => parseRequest('datasets:import', { path: 'x.jsonl', name: 'bad name!' })).toThrow(
      /name: use 1-64 letters/,
    );
    expect(() => parseRequest('datasets:import', { path: 'x', name: 'a', imageSize: 4 })).toThrow(/imageSize/);
    expect(() => parseRequest('datasets:import', { path: 'x', name: 'a', format: 'zip' })).toThrow(/format/);
    expect(() => parseRequest('nope' as Channel, {})).toThrow(/unknown channel/);
  });

  it('never lets an invalid request reach the handler, and checks the response', async () => {
    const handler = vi.fn(async () => ({ synsets: [] }));
    const handlers = { 'labels:caption': handler } as unknown as Handlers;
    await expect(invoke(handlers, 'labels:caption', { caption: 42 } as never)).rejects.toMatchObject({
      code: 'invalid-request',
    });
    expect(handler).not.toHaveBeenCalled();
    await expect(invoke(handlers, 'labels:caption', { caption: 'a dog' })).resolves.toEqual({ synsets: [] });
    expect(handler).toHaveBeenCalledWith({ caption: 'a dog', mode: 'paper', lang: 'auto' });
    const bad = { 'labels:caption': async () => ({ synsets: 'nope' }) } as unknown as Handlers;
    await expect(invoke(bad, 'labels:caption', { caption: 'a' })).rejects.toMatchObject({ code: 'internal' });
  });

  it('serialises errors as {code, message} without stacks', () => {
    expect(serializeError(new EngineError('not-found', 'no dataset'))).toEqual({
      code: 'not-found',
      message: 'no dataset',
    });
    expect(serializeError(Object.assign(new Error('open x'), { code: 'ENOENT' }))).toEqual({
      code: 'io',
      message: 'open x',
    });
    expect(serializeError('boom')).toEqual({ code: 'internal', message: 'boom' });
    expect(Object.keys(channels).length).toBeGreaterThan(0);
  });
});
