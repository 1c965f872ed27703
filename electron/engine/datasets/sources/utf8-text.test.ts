import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReadProgress } from './read-progress.js';
import { decodeUtf8, readUtf8Lines, type TextLine } from './utf8-text.js';

async function linesOf(bytes: Buffer, options: Parameters<typeof readUtf8Lines>[1] = {}): Promise<TextLine[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'utf8-lines-'));
  try {
    const file = path.join(dir, 'f.txt');
    await writeFile(file, bytes);
    const out: TextLine[] = [];
    for await (const line of readUtf8Lines(file, options)) out.push(line);
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('decodeUtf8', () => {
  it('decodes UTF-8 and refuses anything else', () => {
    expect(decodeUtf8(Buffer.from('naïve ☕ 𝄞'))).toBe('naïve ☕ 𝄞');
    expect(decodeUtf8(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBeUndefined(); // Latin-1 "café"
    expect(decodeUtf8(Buffer.from([0xf0, 0x9d, 0x84]))).toBeUndefined(); // cut in the middle of a character
    expect(decodeUtf8(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toBe('a'); // byte-order mark dropped
  });
});

describe('readUtf8Lines', () => {
  it('numbers lines, strips CRLF, keeps a last line without newline and flags only the bad line', async () => {
    const bytes = Buffer.concat([Buffer.from('one\r\n\ntwo\n'), Buffer.from([0xe9, 0x0a]), Buffer.from('last')]);
    expect(await linesOf(bytes)).toEqual([
      { lineNo: 1, text: 'one' },
      { lineNo: 2, text: '' },
      { lineNo: 3, text: 'two' },
      { lineNo: 4, problem: 'not valid UTF-8' },
      { lineNo: 5, text: 'last' },
    ]);
  });

  it('reassembles lines and multi-byte characters split across read chunks', async () => {
    const long = '€'.repeat(50_000); // 150 kB: spans several 64 kB chunks, cutting characters apart
    const lines = await linesOf(Buffer.from(`${long}\nafter\n`));
    expect(lines).toEqual([
      { lineNo: 1, text: long },
      { lineNo: 2, text: 'after' },
    ]);
  });

  it('reports an over-long line without buffering it and goes on with the next line', async () => {
    const lines = await linesOf(Buffer.from(`${'x'.repeat(200_000)}\nshort\n${'y'.repeat(200_000)}`), {
      maxLineBytes: 100_000,
    });
    expect(lines).toEqual([
      { lineNo: 1, problem: 'line longer than 100000 bytes' },
      { lineNo: 2, text: 'short' },
      { lineNo: 3, problem: 'line longer than 100000 bytes' },
    ]);
  });

  it('counts the bytes it reads into a progress', async () => {
    const progress = new ReadProgress(9);
    await linesOf(Buffer.from('abc\ndef\n\n'), { progress });
    expect(progress.fraction()).toBe(1);
  });
});
