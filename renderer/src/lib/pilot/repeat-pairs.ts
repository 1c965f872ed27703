import type { Objective } from '../../api/contract.ts';
import type { PlannedRun } from './pilot-plan.ts';

/**
 * The other seeds of a pilot for a compared pair: [CatLIP, baseline] run ids of each further seed whose runs
 * both completed, so that Compare and the report can give intervals over seeds. Empty when the pair is not
 * among `runs` or the pilot has one seed.
 */
export function repeatPairsIn(runs: readonly PlannedRun[], catlip: number, baseline: number): [number, number][] {
  const [c, b] = [runs.find((r) => r.run === catlip), runs.find((r) => r.run === baseline)];
  if (!c || !b || c.objective !== 'catlip' || c.request.seed !== b.request.seed) return [];
  const done = (objective: Objective, seed: number | undefined) =>
    runs.find((r) => r.objective === objective && r.request.seed === seed && r.status === 'completed' && r.run !== null)
      ?.run ?? null;
  const seeds = [...new Set(runs.map((r) => r.request.seed))].filter((seed) => seed !== c.request.seed);
  return seeds.flatMap((seed) => {
    const [x, y] = [done('catlip', seed), done(b.objective, seed)];
    return x !== null && y !== null ? [[x, y] as [number, number]] : [];
  });
}
