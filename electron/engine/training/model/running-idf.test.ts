import { describe, expect, it } from 'vitest';
import { RunningIdf } from './running-idf.js';
import { EOT_ID, PAD_ID, SOT_ID, UNK_ID } from './tokenizer.js';

describe('RunningIdf', () => {
  it('counts each caption once per distinct token, ignoring special tokens', () => {
    const idf = new RunningIdf(10);
    idf.update([
      [SOT_ID, 4, 4, 5, EOT_ID, PAD_ID],
      [SOT_ID, 4, UNK_ID, EOT_ID],
    ]);
    expect(idf.documentCount).toBe(2);
    expect(idf.toJSON().documentFrequency).toEqual([0, 0, 0, 0, 2, 1, 0, 0, 0, 0]);
  });

  it('weights are log((N + 1) / (df + 1)): 0 for a token in every caption, never negative', () => {
    const idf = new RunningIdf(8);
    idf.update([[4, 5], [4], [4, 6]]);
    const w = idf.weights();
    expect(w[4]).toBeCloseTo(0, 7);
    expect(w[5]).toBeCloseTo(Math.log(4 / 2), 6);
    expect(w[7]).toBeCloseTo(Math.log(4), 6); // never seen
    expect(w[SOT_ID]).toBe(0);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(0);
  });

  it('round-trips through JSON and keeps counting from the restored state', () => {
    const a = new RunningIdf(8);
    a.update([
      [4, 5],
      [5, 6],
    ]);
    const b = RunningIdf.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    a.update([[6, 7]]);
    b.update([[6, 7]]);
    expect(Array.from(b.weights())).toEqual(Array.from(a.weights()));
    expect(b.documentCount).toBe(3);
    expect(() => new RunningIdf(9).restore(a.toJSON())).toThrow(/9/);
  });

  it('rejects ids outside the vocabulary', () => {
    expect(() => new RunningIdf(6).update([[6]])).toThrow(RangeError);
  });
});
