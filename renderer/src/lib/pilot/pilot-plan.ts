import type {
  EvalMethod,
  EvaluationRequestInput,
  Objective,
  RunStatus,
  TrainRequestInput,
} from '../../api/contract.ts';

/**
 * The shape of a pilot as the wizard plans it and localStorage keeps it: CatLIP then its baseline run(s),
 * trained one after another so that they never share the GPU, and the evaluations to run once all have
 * completed. Types only; the store that works through a plan is pilot-store.svelte.ts.
 */
export interface PlannedRun {
  objective: Objective;
  request: TrainRequestInput;
  /** The engine's run id once started. */
  run: number | null;
  status: RunStatus | null;
}

/** What the wizard chose to measure on a labelled set once every run of the pilot has finished. */
export interface EvaluationPlan {
  /** A labelled (ImageFolder) dataset. */
  dataset: string;
  methods: EvalMethod[];
  /** Shares of the train split's labels, e.g. [1, 0.1]; zero-shot uses none, so it ignores them. */
  fractions: number[];
  /** Also start the head from CatLIP's synset classifier (CatLIP runs only: other runs have no such head). */
  transferInit: boolean;
}

export type EvaluationState = 'pending' | 'running' | 'done' | 'failed';

export interface PlannedEvaluation {
  request: EvaluationRequestInput & { run: number };
  objective: Objective;
  state: EvaluationState;
  /** The engine's message when it failed. */
  error: string | null;
  /** The stored evaluation's id and its top-1 accuracy once done. */
  evaluation: number | null;
  top1: number | null;
}

export interface Pilot {
  id: string;
  createdAt: string;
  runs: PlannedRun[];
  state: 'running' | 'done' | 'stopped';
  /** The run whose end stopped the pilot (cancelled, failed, interrupted). */
  stoppedBy: { run: number; status: string } | null;
  /** Null: no evaluations planned. Optional: pilots stored before evaluations existed have neither field. */
  evaluationPlan?: EvaluationPlan | null;
  /** Filled from the plan when the last run has completed, one entry per eval:run, run in this order. */
  evaluations?: PlannedEvaluation[];
}
