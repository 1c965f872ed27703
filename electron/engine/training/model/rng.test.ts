import { describe, expect, it } from 'vitest';
import { hashString, Rng } from './rng.js';

describe('Rng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 5 }, () => rng.nextUint32());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(new Set(draw(1)).size).toBe(5);
    expect(draw(2)).not.toEqual(draw(1));
  });

  it('restores a saved state exactly, mid-stream', () => {
    const rng = new Rng(9);
    for (let i = 0; i < 10; i++) rng.next();
    const saved = rng.getState();
    const expected = Array.from({ length: 20 }, () => rng.normal());
    const resumed = new Rng(12345);
    resumed.setState(JSON.parse(JSON.stringify(saved)));
    expect(Array.from({ length: 20 }, () => resumed.normal())).toEqual(expected);
    expect(() => resumed.setState([0, 0, 0, 0])).toThrow(RangeError);
    expect(() => resumed.setState([1, 2, 3] as never)).toThrow(RangeError);
  });

  it('draws uniform floats in [0, 1), integers in [0, n) and standard normals', () => {
    const rng = new Rng(3);
    const n = 20000;
    const u = Array.from({ length: n }, () => rng.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(u.reduce((s, v) => s + v, 0) / n).toBeCloseTo(0.5, 1);
    const ints = new Set(Array.from({ length: 1000 }, () => rng.int(7)));
    expect([...ints].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const z = Array.from({ length: n }, () => rng.normal());
    const mean = z.reduce((s, v) => s + v, 0) / n;
    const variance = z.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeGreaterThan(0.95);
    expect(variance).toBeLessThan(1.05);
  });

  it('derives independent per-name streams that do not depend on creation order', () => {
    const first = Rng.forName(5, 'image/pos_embed').nextUint32();
    Rng.forName(5, 'other').nextUint32();
    expect(Rng.forName(5, 'image/pos_embed').nextUint32()).toBe(first);
    expect(Rng.forName(5, 'image/cls_token').nextUint32()).not.toBe(first);
    expect(hashString('abc')).toBe(0x1a47e90b); // FNV-1a reference value
  });
});
