import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckpointWriteError, readCheckpoint, writeCheckpoint } from './checkpoint.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'catlip-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkpoint files', () => {
  it('round-trips tensors and meta exactly', () => {
    const file = path.join(dir, 'a', 'step-10.ckpt');
    const tensors = [
      { name: 'image/patch/kernel', shape: [2, 3], data: Float32Array.from([1, -2, 3.5, Math.PI, -0, 1e-30]) },
      { name: 'head/bias', shape: [1], data: Float32Array.from([NaN]) },
    ];
    writeCheckpoint(file, {
      step: 10,
      meta: { rng: [1, 2, 3, 4], position: { epoch: 0, index: 64 }, text: 'ü' },
      tensors,
    });
    const back = readCheckpoint<{ rng: number[]; text: string }>(file);
    expect(back.step).toBe(10);
    expect(back.meta).toEqual({ rng: [1, 2, 3, 4], position: { epoch: 0, index: 64 }, text: 'ü' });
    expect(back.tensors.map((t) => t.name)).toEqual(['image/patch/kernel', 'head/bias']);
    expect([...back.tensors[0].data]).toEqual([...tensors[0].data]);
    expect(Number.isNaN(back.tensors[1].data[0])).toBe(true);
    expect(readdirSync(path.dirname(file))).toEqual(['step-10.ckpt']); // no temporary file left behind
  });

  it('rejects a file that is not a checkpoint or is truncated', () => {
    const junk = path.join(dir, 'junk.ckpt');
    writeFileSync(junk, 'hello world, not a checkpoint');
    expect(() => readCheckpoint(junk)).toThrow(/not a CatLIP Pilot checkpoint/);
    const file = path.join(dir, 'cut.ckpt');
    writeCheckpoint(file, { step: 1, meta: {}, tensors: [{ name: 'w', shape: [1000], data: new Float32Array(1000) }] });
    writeFileSync(file, readFileSync(file).subarray(0, 500));
    expect(() => readCheckpoint(file)).toThrow(/truncated/);
  });

  it('reports an unwritable folder as a clear error and keeps the previous checkpoint', () => {
    if (process.getuid?.() === 0) {
      // root ignores permission bits; a path under a regular file fails for everyone
      const blocker = path.join(dir, 'blocker');
      writeFileSync(blocker, 'x');
      expect(() => writeCheckpoint(path.join(blocker, 'x.ckpt'), { step: 1, meta: {}, tensors: [] })).toThrow(
        CheckpointWriteError,
      );
      return;
    }
    const ro = path.join(dir, 'ro');
    mkdirSync(ro);
    writeCheckpoint(path.join(ro, 'last.ckpt'), { step: 1, meta: {}, tensors: [] });
    chmodSync(ro, 0o500);
    expect(() => writeCheckpoint(path.join(ro, 'last.ckpt'), { step: 2, meta: {}, tensors: [] })).toThrow(
      /not writable/,
    );
    chmodSync(ro, 0o700);
    expect(readCheckpoint(path.join(ro, 'last.ckpt')).step).toBe(1);
    expect(existsSync(path.join(ro, `last.ckpt.tmp-${process.pid}`))).toBe(false);
  });
});
