import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { openJsonlSource } from './jsonl-source.js';

/** A real gc() even when node was not started with --expose-gc, so heap numbers measure what is retained. */
function gcFunction(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const LINES = 200_000;
const CAPTION = 'a fairly long caption that makes every line weigh a few hundred bytes, '.repeat(4);

describe('JSONL source memory', () => {
  const tmp = mkdtemp(path.join(os.tmpdir(), 'jsonl-memory-'));
  afterAll(async () => rm(await tmp, { recursive: true, force: true }));

  it(`streams ${LINES} lines in constant memory`, async () => {
    const dir = await tmp;
    await writeFile(path.join(dir, 'img.jpg'), 'not decoded here');
    const file = path.join(dir, 'big.jsonl');
    const out = createWriteStream(file);
    for (let i = 0; i < LINES; i++) {
      const line = JSON.stringify({ image: 'img.jpg', caption: `${i} ${CAPTION}` }) + '\n';
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');

    const gc = gcFunction();
    const retained = () => {
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const before = retained();
    let peak = 0;
    let items = 0;
    for await (const record of (await openJsonlSource(file)).records()) {
      if (record.kind === 'item') items++;
      if (items % 20_000 === 0) peak = Math.max(peak, retained() - before);
    }
    expect(items).toBe(LINES);
    // The file is ~60 MB; holding it (or the records) would show here.
    expect(peak).toBeLessThan(50 * 1024 * 1024);
  }, 30_000);
});
