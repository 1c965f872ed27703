import type { EvalMethod } from '../../api/contract.ts';
import type { EvaluationPlan } from '../../lib/pilot.svelte.ts';
import { EVAL_METHODS } from '../../lib/options.ts';

/** All labels, and 10% of them: the paper's low-label comparison. */
export const LABEL_FRACTIONS: readonly number[] = [1, 0.1];

/** The plan to store with the pilot, or null when no labelled set was chosen; methods and fractions in a fixed order. */
export function evaluationPlan(
  dataset: string,
  methods: readonly EvalMethod[],
  fractions: readonly number[],
  transferInit: boolean,
): EvaluationPlan | null {
  if (!dataset || methods.length === 0) return null;
  return {
    dataset,
    methods: EVAL_METHODS.filter((m) => methods.includes(m)),
    fractions: [...fractions].sort((a, b) => b - a),
    transferInit,
  };
}

/** A plan can run when it has a method, and a label fraction for the methods that train a head. */
export function evaluationsValid(
  dataset: string,
  methods: readonly EvalMethod[],
  fractions: readonly number[],
): boolean {
  if (!dataset) return true;
  return methods.length > 0 && (methods.every((m) => m === 'zero-shot') || fractions.length > 0);
}
