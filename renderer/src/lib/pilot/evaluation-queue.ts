import type { EvaluationPlan, PlannedEvaluation, PlannedRun } from './pilot-plan.ts';

/**
 * The evaluations the plan asks for, for every completed run: each method at each label fraction from a
 * random head, plus Transfer Init for CatLIP runs; zero-shot once per run (it trains nothing, so it takes
 * neither a fraction nor an init, and the engine refuses them).
 */
export function evaluationQueue(plan: EvaluationPlan, runs: readonly PlannedRun[]): PlannedEvaluation[] {
  const queue: PlannedEvaluation[] = [];
  const add = (r: PlannedRun & { run: number }, request: Omit<PlannedEvaluation['request'], 'run' | 'dataset'>) =>
    queue.push({
      request: { run: r.run, dataset: plan.dataset, ...request },
      objective: r.objective,
      state: 'pending',
      error: null,
      evaluation: null,
      top1: null,
    });
  for (const r of runs) {
    if (r.run === null || r.status !== 'completed') continue;
    const run = r as PlannedRun & { run: number };
    for (const method of plan.methods) {
      if (method === 'zero-shot') {
        add(run, { method });
        continue;
      }
      for (const fraction of plan.fractions) {
        add(run, { method, init: 'random', fraction });
        if (plan.transferInit && r.objective === 'catlip') add(run, { method, init: 'transfer', fraction });
      }
    }
  }
  return queue;
}
