import { describe, expect, it } from 'vitest';
import { mapAhead } from './map-ahead.js';

async function* numbers(n: number, log: string[]): AsyncGenerator<number> {
  try {
    for (let i = 0; i < n; i++) {
      log.push(`read ${i}`);
      yield i;
    }
  } finally {
    log.push('closed');
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapAhead', () => {
  it('yields results in input order although later work finishes first', async () => {
    const out: number[] = [];
    for await (const r of mapAhead(numbers(6, []), 3, async (i) => (await delay((6 - i) * 5), i * 10))) out.push(r);
    expect(out).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('runs at most `window` pieces of work at once', async () => {
    let active = 0;
    let most = 0;
    const work = async (i: number) => {
      most = Math.max(most, ++active);
      await delay(2);
      active--;
      return i;
    };
    for await (const _ of mapAhead(numbers(20, []), 4, work));
    expect(most).toBe(4);
  });

  it('reads no further than the window ahead and closes the input when the consumer stops', async () => {
    const log: string[] = [];
    for await (const r of mapAhead(numbers(100, log), 3, async (i) => i)) if (r === 1) break;
    expect(log).toEqual(['read 0', 'read 1', 'read 2', 'read 3', 'closed']);
  });

  it('rethrows a failed piece of work at its place in the order', async () => {
    const out: number[] = [];
    const work = async (i: number) => {
      if (i === 2) throw new Error('boom');
      return i;
    };
    await expect(async () => {
      for await (const r of mapAhead(numbers(5, []), 3, work)) out.push(r);
    }).rejects.toThrow('boom');
    expect(out).toEqual([0, 1]);
  });
});
