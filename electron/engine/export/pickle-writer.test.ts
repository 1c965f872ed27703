import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OP, pickleStrIntDict } from './pickle-writer.js';

/** Reads exactly the opcode subset pickleStrIntDict emits, and fails on anything else. */
function readStrIntDict(buf: Buffer): [string, number][] {
  let i = 0;
  const expectByte = (b: number) => {
    if (buf[i] !== b) throw new Error(`byte ${i}: expected 0x${b.toString(16)}, got 0x${buf[i]?.toString(16)}`);
    i++;
  };
  expectByte(OP.PROTO);
  expectByte(2);
  expectByte(OP.EMPTY_DICT);
  const out: [string, number][] = [];
  for (;;) {
    const op = buf[i++];
    if (op === OP.STOP) break;
    if (op !== OP.MARK) throw new Error(`byte ${i - 1}: unexpected opcode 0x${op.toString(16)}`);
    const stack: (string | number)[] = [];
    while (buf[i] !== OP.SETITEMS) {
      const code = buf[i++];
      if (code === OP.BINUNICODE) {
        const n = buf.readUInt32LE(i);
        stack.push(buf.subarray(i + 4, i + 4 + n).toString('utf8'));
        i += 4 + n;
      } else if (code === OP.BININT1) {
        stack.push(buf[i++]);
      } else if (code === OP.BININT2) {
        stack.push(buf.readUInt16LE(i));
        i += 2;
      } else if (code === OP.BININT) {
        stack.push(buf.readInt32LE(i));
        i += 4;
      } else if (code === OP.LONG1) {
        const n = buf[i++];
        let v = 0n;
        for (let k = n - 1; k >= 0; k--) v = (v << 8n) | BigInt(buf[i + k]);
        if (n > 0 && buf[i + n - 1] & 0x80) v -= 1n << BigInt(8 * n);
        stack.push(Number(v));
        i += n;
      } else {
        throw new Error(`byte ${i - 1}: unexpected opcode 0x${code.toString(16)}`);
      }
    }
    i++;
    if (stack.length % 2) throw new Error('odd number of items before SETITEMS');
    for (let k = 0; k < stack.length; k += 2) out.push([stack[k] as string, stack[k + 1] as number]);
  }
  if (i !== buf.length) throw new Error('bytes after STOP');
  return out;
}

const ENTRIES: [string, number][] = [
  ['n2084071', 52_418_327],
  ['n13333833', 65_536],
  ['n4960277', 65_535],
  ['n7947958', 256],
  ['n9638875', 255],
  ['n928077', 0],
  ['n7996689', 2 ** 31 - 1],
  ['n10787470', 2 ** 31],
  ['n5938976', 2 ** 40 + 5],
  ['n8559508', Number.MAX_SAFE_INTEGER],
  ['n1', 128],
  ['négatif-ü', -1],
  ['min32', -(2 ** 31)],
  ['below', -(2 ** 31) - 1],
];
const MANY: [string, number][] = Array.from({ length: 2500 }, (_, k) => [`n${100000 + k}`, 5000 - k]);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'catlip-pickle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const python = spawnSync('python3', ['-c', 'import pickle'], { encoding: 'utf8' });
const hasPython = python.status === 0;

function pythonLoad(buf: Buffer): [string, number][] {
  const file = path.join(tmp, `v${Math.random().toString(36).slice(2)}.pkl`);
  writeFileSync(file, buf);
  const r = spawnSync(
    'python3',
    [
      '-c',
      'import json, pickle, sys\nd = pickle.load(open(sys.argv[1], "rb"))\nassert type(d) is dict\nprint(json.dumps([[k, v] for k, v in d.items()]))',
      file,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe('pickleStrIntDict', () => {
  it('round-trips keys, order and values of every integer width', () => {
    expect(readStrIntDict(pickleStrIntDict(ENTRIES))).toEqual(ENTRIES);
    expect(readStrIntDict(pickleStrIntDict(MANY))).toEqual(MANY);
    expect(readStrIntDict(pickleStrIntDict([]))).toEqual([]);
  });

  it('writes the exact protocol-2 bytes for a small dict', () => {
    expect([...pickleStrIntDict([['n5', 7]])]).toEqual([
      0x80, 2, 0x7d, 0x28, 0x58, 2, 0, 0, 0, 0x6e, 0x35, 0x4b, 7, 0x75, 0x2e,
    ]);
  });

  it('refuses numbers a dict of counts cannot hold', () => {
    expect(() => pickleStrIntDict([['x', 1.5]])).toThrow(/not a safe integer/);
  });

  it.skipIf(!hasPython)("is loaded by Python's pickle as the same dict, in the same order", () => {
    expect(pythonLoad(pickleStrIntDict(ENTRIES))).toEqual(ENTRIES);
    expect(pythonLoad(pickleStrIntDict(MANY))).toEqual(MANY);
    expect(pythonLoad(pickleStrIntDict([]))).toEqual([]);
  });
});
