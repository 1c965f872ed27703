import { noteError } from '../../shared/errors.js';
import { engineNote } from '../../shared/engine-notes.js';
import type { AccuracyDifference, Repeats } from '../../shared/cost.js';
import type { EvaluationResult } from '../../shared/evaluation.js';
import { evaluationResultOf, listEvaluations } from '../evaluation/evaluation-repository.js';
import type { Db } from '../store/database.js';
import { runConfig, type RunRow } from '../training/run-repository.js';
import { bootstrapAccuracyDifference, tInterval, withinNoise } from './intervals.js';
import { measureRow } from './measured.js';

/**
 * A pilot's seeds side by side: the per-seed speed-up (baseline ÷ CatLIP time per image) and, for every
 * downstream test that each pair was evaluated on, CatLIP's top-1 minus the baseline's, with their 95%
 * intervals (intervals.ts). A repeat differs from the compared pair in its seed only.
 */

export interface Pair {
  catlip: RunRow;
  baseline: RunRow;
}

/** Settings a repeat must share with the compared pair (everything that is not the seed or a schedule detail). */
const SHARED_SETTINGS = [
  'dataset',
  'model',
  'imageSize',
  'patchSize',
  'batch',
  'lr',
  'weightDecay',
  'vocabulary',
  'tokenizerVocab',
  'contextLength',
  'recipe',
] as const;

/** Why `repeat` is not a repeat of `first` (another seed of the same settings and hardware), or null. */
export function notARepeat(first: Pair, repeat: Pair): string | null {
  const differences: string[] = [];
  for (const side of ['catlip', 'baseline'] as const) {
    const [a, b] = [first[side], repeat[side]];
    if (a.objective !== b.objective) {
      const values = { run: b.id, objective: b.objective, first: a.id, firstObjective: a.objective };
      differences.push(engineNote('repeats.objective', values));
    }
    const [ca, cb] = [runConfig(a), runConfig(b)];
    for (const key of SHARED_SETTINGS) {
      if (JSON.stringify(ca[key]) !== JSON.stringify(cb[key]))
        differences.push(engineNote('repeats.setting', { run: b.id, key, first: a.id }));
    }
    if (a.backend !== b.backend || a.device !== b.device)
      differences.push(
        engineNote('repeats.hardware', {
          run: b.id,
          backend: String(b.backend),
          device: String(b.device),
          first: a.id,
          firstBackend: String(a.backend),
          firstDevice: String(a.device),
        }),
      );
  }
  return differences.length ? differences.join('; ') : null;
}

export function checkRepeats(first: Pair, repeats: Pair[]): void {
  const seen = new Set([first.catlip.id, first.baseline.id]);
  for (const r of repeats) {
    for (const row of [r.catlip, r.baseline]) {
      if (seen.has(row.id)) throw noteError('invalid-request', 'repeats.twice', { run: row.id }, { field: 'repeats' });
      seen.add(row.id);
    }
    const why = notARepeat(first, r);
    if (why)
      throw noteError(
        'invalid-request',
        'repeats.notRepeat',
        {
          catlip: r.catlip.id,
          baseline: r.baseline.id,
          firstCatlip: first.catlip.id,
          firstBaseline: first.baseline.id,
          why,
        },
        { field: 'repeats' },
      );
  }
}

export function repeatsOf(db: Db, pairs: Pair[], bootstrapSeed = 0): Repeats {
  const speedups = pairs.map(({ catlip, baseline }) => {
    const [c, b] = [measureRow(catlip), measureRow(baseline)];
    const ratio = (x: number | null, y: number | null) => (x !== null && y !== null ? x / y : null);
    return {
      wall: ratio(b.wall_seconds_per_image, c.wall_seconds_per_image),
      compute: ratio(b.compute_seconds_per_image, c.compute_seconds_per_image),
    };
  });
  const over = (key: 'wall' | 'compute') =>
    speedups.every((s) => s[key] !== null) ? tInterval(speedups.map((s) => s[key]!)) : null;
  const wall = over('wall');
  return {
    pairs: pairs.map((p) => [p.catlip.id, p.baseline.id] as [number, number]),
    speedup: { wall, compute: over('compute') },
    speedup_within_noise: wall ? withinNoise(wall, 1) : null,
    accuracy: accuracyDifferences(db, pairs, bootstrapSeed),
  };
}

/** Every downstream test that all pairs were evaluated on (each run's latest result of it). */
function accuracyDifferences(db: Db, pairs: Pair[], bootstrapSeed: number): AccuracyDifference[] {
  const latest = (run: number) => {
    const byTest = new Map<string, EvaluationResult>();
    for (const e of listEvaluations(db, run).map((row) => evaluationResultOf(db, row))) {
      byTest.set(JSON.stringify([e.dataset, e.method, e.init, e.fraction]), e); // in creation order: the latest stays
    }
    return byTest;
  };
  const results = pairs.map((p) => ({ catlip: latest(p.catlip.id), baseline: latest(p.baseline.id) }));
  const out: AccuracyDifference[] = [];
  for (const [key, first] of results[0].catlip) {
    const matched = results.map((r) => ({ catlip: r.catlip.get(key), baseline: r.baseline.get(key) }));
    if (!matched.every((m) => m.catlip && m.baseline)) continue;
    const both = matched as { catlip: EvaluationResult; baseline: EvaluationResult }[];
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const score = (e: EvaluationResult) => ({ correct: Math.round(e.top1 * e.test_items), total: e.test_items });
    const difference =
      both.length >= 2
        ? tInterval(both.map((m) => m.catlip.top1 - m.baseline.top1))!
        : both[0].catlip.test_items > 0 && both[0].baseline.test_items > 0
          ? bootstrapAccuracyDifference(score(both[0].catlip), score(both[0].baseline), bootstrapSeed)
          : null;
    if (!difference) continue;
    out.push({
      dataset: first.dataset,
      method: first.method,
      init: first.init,
      fraction: first.fraction,
      catlip: mean(both.map((m) => m.catlip.top1)),
      baseline: mean(both.map((m) => m.baseline.top1)),
      difference,
      within_noise: withinNoise(difference, 0),
    });
  }
  return out;
}
