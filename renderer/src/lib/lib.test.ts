import { describe, expect, it } from 'vitest';
import { runDetail, runSummary } from '../test/fake-api.ts';
import { differences, runFigures, speedup } from './compare.ts';
import { toCsv } from './csv.ts';
import { compareHref, parseHash, reportHref } from './router.svelte.ts';
import { pickRun } from './run-pick.ts';

describe('compare figures', () => {
  const catlip = runFigures(
    runDetail(
      runSummary({ run: 1, images_per_second: 20, step_ms: { data: 50, compute: 750 }, checkpoint_seconds: 1 }),
      [5, 3, 4],
    ),
  );
  const clip = runFigures(
    runDetail(runSummary({ run: 2, objective: 'clip', images_per_second: 8, step_ms: { data: 50, compute: 1950 } })),
  );

  it('derives time per step, total time and best loss from runs:get', () => {
    expect(catlip.msPerStep).toBe(800);
    expect(catlip.totalSeconds).toBeCloseTo(3 * 0.8 + 1);
    expect(catlip.bestLoss).toBe(3);
    expect(catlip.batch).toBe(16);
    expect(catlip.losses.map((l) => l.step)).toEqual([1, 2, 3]);
  });

  it('measures the speed-up as the ratio of training throughput', () => {
    expect(speedup(catlip, clip)).toBe(2.5);
    expect(speedup(catlip, { ...clip, imagesPerSecond: null })).toBeNull();
  });

  it('names the conditions that differ between two runs', () => {
    expect(differences(catlip, clip)).toEqual([]);
    expect(differences(catlip, { ...clip, model: 'probe', backend: 'webgpu' })).toEqual(['model', 'backend']);
  });
});

describe('CSV export', () => {
  it('quotes separators, quotes and newlines, and defuses formulas', () => {
    expect(
      toCsv([
        ['source', 'reason'],
        ['a,b.png', 'bad "header"\nline'],
        ['=cmd()', null],
      ]),
    ).toBe('source,reason\r\n"a,b.png","bad ""header""\nline"\r\n\'=cmd(),\r\n');
    expect(toCsv([['画像.png', '重複']])).toBe('画像.png,重複\r\n');
  });
});

describe('hash routes', () => {
  it('parses every screen', () => {
    expect(parseHash('')).toEqual({ name: 'home' });
    expect(parseHash('#/')).toEqual({ name: 'home' });
    expect(parseHash('#/datasets')).toEqual({ name: 'datasets' });
    expect(parseHash('#/new')).toEqual({ name: 'new' });
    expect(parseHash('#/run/12')).toEqual({ name: 'run', run: 12 });
    expect(parseHash('#/run/x')).toEqual({ name: 'notfound', path: '/run/x' });
    expect(parseHash('#/compare?catlip=3&baseline=4')).toEqual({ name: 'compare', catlip: 3, baseline: 4 });
    expect(parseHash('#/compare')).toEqual({ name: 'compare', catlip: null, baseline: null });
    expect(compareHref(3, 4)).toBe('#/compare?catlip=3&baseline=4');
    expect(compareHref(null, null)).toBe('#/compare');
    expect(parseHash('#/report?catlip=3&baseline=4')).toEqual({ name: 'report', catlip: 3, baseline: 4 });
    expect(reportHref(3, 4)).toBe('#/report?catlip=3&baseline=4');
  });

  it('picks the wanted run, else the latest completed, else the latest', () => {
    const list = [runSummary({ run: 9, status: 'running' }), runSummary({ run: 7 }), runSummary({ run: 5 })];
    expect(pickRun(list, 5)).toBe(5);
    expect(pickRun(list, 4)).toBe(7);
    expect(pickRun([runSummary({ run: 9, status: 'failed' })], null)).toBe(9);
    expect(pickRun([], null)).toBeNull();
  });
});
