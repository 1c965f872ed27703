import { api } from '../api/index.ts';
import { toApiError } from '../api/errors.ts';
import { runHasEnded, statusAfterMessage } from '../api/contract.ts';
import type { EvalMethod, EvalProgress, EvaluationRequestInput, Objective, RunStatus, TrainerMessage, TrainRequestInput } from '../api/contract.ts';
import { currentRoute, navigate } from './router.svelte.ts';
import { pilotPin } from '../../../electron/shared/training.ts';

/**
 * A pilot: CatLIP then its baseline run(s), trained one after another so that they never share the GPU.
 * The engine starts one run per `training:start`; this store starts the next one when the previous run
 * finishes (a `training:message` "finished/completed" event, or on reconnect from `runs:get`). The plan is
 * kept in localStorage, so a reload (or another tab) continues the same pilot.
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

const STORAGE_KEY = 'catlip.pilot';

function load(): Pilot | null {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    const p = raw ? (JSON.parse(raw) as Pilot) : null;
    return p && Array.isArray(p.runs) ? p : null;
  } catch {
    return null;
  }
}

/** Ends seen for runs not (yet) known to the pilot: a short run can finish before training:start has answered. */
const recentEnds = new Map<number, RunStatus>();

const store = $state<{ pilot: Pilot | null; starting: boolean; error: unknown; evalProgress: EvalProgress | null }>({
  pilot: load(), starting: false, error: null, evalProgress: null,
});
/** True while this tab works through the evaluation queue (one eval:run at a time, like the runs). */
let evaluating = false;

/** The plan last told to the desktop app's main process (JSON), so that it is sent only when it changes. */
let toldMain = '';

/**
 * Desktop app: tells main which runs make up the pilot, so that it can raise one notification when the whole
 * pilot has finished or stopped (main sees every run end, even while this page is in the background).
 */
function tellMain(pilot: Pilot | null): void {
  const catlip = globalThis.window?.catlip;
  if (typeof catlip?.desktop !== 'function') return;
  const plan = pilot ? { id: pilot.id, runs: pilot.runs.map((r) => ({ run: r.run, objective: r.objective })) } : null;
  const json = JSON.stringify(plan);
  if (json === toldMain) return;
  toldMain = json;
  catlip.desktop('desktop:pilot', { pilot: plan }).catch(() => {
    toldMain = ''; // told again at the next change
  });
}

function save(): void {
  tellMain(store.pilot);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify($state.snapshot(store.pilot)));
  } catch {
    /* not persisted */
  }
}

/** Reactive view of the current pilot. */
export function pilotState(): {
  readonly pilot: Pilot | null; readonly starting: boolean; readonly error: unknown;
  /** The running evaluation's latest 'eval:progress' (not persisted). */
  readonly evalProgress: EvalProgress | null;
} {
  return store;
}

/** The pilot that contains `run`, if it is the current one. */
export function pilotOf(run: number): Pilot | null {
  return store.pilot?.runs.some((r) => r.run === run) ? store.pilot : null;
}

/**
 * Starts a new pilot (replacing a finished one) with its first run; returns the first run's id.
 * `evaluationPlan` (if any) runs after the last run has completed.
 */
export async function startPilot(requests: TrainRequestInput[], evaluationPlan: EvaluationPlan | null = null): Promise<number> {
  if (!requests.length) throw new Error('a pilot needs at least one run');
  store.evalProgress = null;
  store.pilot = {
    id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    createdAt: new Date().toISOString(),
    runs: requests.map((request) => ({ objective: request.objective, request, run: null, status: null })),
    state: 'running',
    stoppedBy: null,
    evaluationPlan: evaluationPlan && evaluationPlan.methods.length ? evaluationPlan : null,
    evaluations: [],
  };
  save();
  const run = await startNext();
  if (run === null) throw new Error('the pilot did not start');
  return run;
}

/** Starts the first planned run that has not started yet; returns its id (null when all have started). */
export async function startNext(): Promise<number | null> {
  const stored = load();
  // another tab may have started it already: adopt what it stored
  if (stored && store.pilot && stored.id === store.pilot.id) store.pilot = stored;
  const pilot = store.pilot;
  if (!pilot || store.starting) return null;
  const index = pilot.runs.findIndex((r) => r.run === null);
  if (index < 0) return null;
  const previous = index > 0 ? pilot.runs[index - 1]!.run : null;
  store.starting = true;
  store.error = null;
  try {
    // one device per pilot: every later run trains on the backend and device the first run resolved
    if (index > 0 && pilot.runs[0]!.run !== null && pilot.runs[index]!.request.device === undefined) {
      const first = (await api().invoke('runs:get', { run: pilot.runs[0]!.run })).summary;
      const pin = pilotPin(first);
      if (pin) Object.assign(pilot.runs[index]!.request, pin);
    }
    const { run } = await api().invoke('training:start', $state.snapshot(pilot.runs[index]!.request) as TrainRequestInput);
    pilot.runs[index]!.run = run;
    pilot.runs[index]!.status = 'queued';
    pilot.state = 'running';
    pilot.stoppedBy = null;
    save();
    const ended = recentEnds.get(run);
    if (ended) queueMicrotask(() => void afterEnd(run, ended));
    // follow the pilot: whoever watches the previous run now sees the next one
    const route = currentRoute();
    if (previous !== null && route.name === 'run' && route.run === previous) navigate(`/run/${run}`);
    return run;
  } catch (e) {
    store.error = e;
    pilot.state = 'stopped';
    save();
    throw e;
  } finally {
    store.starting = false;
  }
}

function setStatus(run: number, status: RunStatus): PlannedRun | null {
  const planned = store.pilot?.runs.find((r) => r.run === run) ?? null;
  if (planned) planned.status = status;
  return planned;
}

/** What to do after a run of the pilot ended (or was found ended). */
async function afterEnd(run: number, status: RunStatus): Promise<void> {
  const pilot = store.pilot;
  if (!pilot || !setStatus(run, status)) return;
  const last = pilot.runs[pilot.runs.length - 1]!;
  if (status === 'completed') {
    if (pilot.runs.every((r) => r.run !== null)) {
      if (last.run === run || pilot.runs.every((r) => r.status === 'completed')) pilot.state = 'done';
      save();
      if (pilot.state === 'done') await runEvaluations();
      return;
    }
    save();
    await startNext().catch(() => undefined);
    return;
  }
  if (runHasEnded(status)) {
    pilot.state = 'stopped';
    pilot.stoppedBy = { run, status };
    save();
  }
}

export function handleTrainerMessage(m: TrainerMessage): void {
  if (m.type === 'finished' || m.type === 'failed') {
    recentEnds.set(m.run, m.type === 'failed' ? 'failed' : m.status);
    if (recentEnds.size > 50) recentEnds.delete(recentEnds.keys().next().value!);
  }
  if (!store.pilot || !pilotOf(m.run)) return;
  const planned = store.pilot.runs.find((r) => r.run === m.run);
  const status = statusAfterMessage(planned?.status ?? null, m);
  if (m.type === 'finished' || m.type === 'failed') {
    void afterEnd(m.run, status!);
    return;
  }
  if (!planned || status === planned.status) return;
  planned.status = status;
  if (m.type === 'resumed' && store.pilot.state === 'stopped') store.pilot.state = 'running';
  save();
}

/** Brings the pilot up to date from the engine (page load, reconnect): a run may have ended unseen. */
export async function reconcilePilot(): Promise<void> {
  const pilot = store.pilot;
  if (!pilot) return;
  if (pilot.state === 'done') {
    // a reload loses the answer of an eval:run in flight: run it again (the engine stores both measurements)
    if (!evaluating) for (const e of pilot.evaluations ?? []) if (e.state === 'running') e.state = 'pending';
    save();
    await runEvaluations();
    return;
  }
  for (const planned of pilot.runs) {
    if (planned.run === null) continue;
    try {
      const detail = await api().invoke('runs:get', { run: planned.run });
      planned.status = detail.summary.status;
    } catch {
      /* keep what we knew */
    }
  }
  save();
  const lastStarted = [...pilot.runs].reverse().find((r) => r.run !== null);
  if (lastStarted?.run != null && lastStarted.status && runHasEnded(lastStarted.status)) {
    await afterEnd(lastStarted.run, lastStarted.status);
  }
}

/**
 * The evaluations the plan asks for, for every completed run: each method at each label fraction from a
 * random head, plus Transfer Init for CatLIP runs; zero-shot once per run (it trains nothing, so it takes
 * neither a fraction nor an init, and the engine refuses them).
 */
export function evaluationQueue(plan: EvaluationPlan, runs: readonly PlannedRun[]): PlannedEvaluation[] {
  const queue: PlannedEvaluation[] = [];
  const add = (r: PlannedRun & { run: number }, request: Omit<PlannedEvaluation['request'], 'run' | 'dataset'>) =>
    queue.push({ request: { run: r.run, dataset: plan.dataset, ...request }, objective: r.objective, state: 'pending', error: null, evaluation: null, top1: null });
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

/**
 * Runs the pilot's pending evaluations one after another (they share the GPU with nothing else then).
 * A failed one is kept with its message and the queue goes on. Called when the pilot is done and on reconnect.
 */
export async function runEvaluations(): Promise<void> {
  const pilot = store.pilot;
  if (!pilot || pilot.state !== 'done' || !pilot.evaluationPlan || evaluating) return;
  if (!pilot.evaluations?.length) {
    pilot.evaluations = evaluationQueue(pilot.evaluationPlan, pilot.runs);
    save();
  }
  evaluating = true;
  try {
    for (;;) {
      // another tab may have taken or finished evaluations of the same pilot: adopt what it stored
      const stored = load();
      if (stored && stored.id === pilot.id && stored.evaluations?.length === pilot.evaluations!.length) {
        stored.evaluations.forEach((e, i) => {
          const mine = pilot.evaluations![i]!;
          if (mine.state === 'pending' && e.state !== 'pending') Object.assign(mine, e);
        });
        // none of ours is in flight here, so a running one belongs to another tab: it works through the queue
        if (pilot.evaluations!.some((e) => e.state === 'running')) return;
      }
      const next = pilot.evaluations!.find((e) => e.state === 'pending');
      if (!next || store.pilot !== pilot) return;
      next.state = 'running';
      store.evalProgress = null;
      save();
      try {
        const result = await api().invoke('eval:run', $state.snapshot(next.request) as EvaluationRequestInput);
        Object.assign(next, { state: 'done', error: null, evaluation: result.evaluation, top1: result.top1 });
      } catch (e) {
        Object.assign(next, { state: 'failed', error: toApiError(e).message });
      }
      save();
    }
  } finally {
    evaluating = false;
    store.evalProgress = null;
  }
}

/** Subscribes the pilot to the engine's training events; returns the unsubscribe function. */
export function initPilot(): () => void {
  const off = api().on('training:message', handleTrainerMessage);
  const offEval = api().on('eval:progress', (p) => {
    if (evaluating && store.pilot?.evaluations?.some((e) => e.state === 'running' && e.request.run === p.run)) store.evalProgress = p;
  });
  const offConn = api().onConnectionChange?.((connected) => {
    if (connected) void reconcilePilot();
  });
  void reconcilePilot();
  return () => {
    off();
    offEval();
    offConn?.();
  };
}

/**
 * The other seeds of the current pilot for a compared pair: [CatLIP, baseline] run ids of each further seed
 * whose runs both completed, so that Compare and the report can give intervals over seeds. Empty when the pair
 * is not the current pilot's or the pilot has one seed.
 */
export function repeatPairs(catlip: number, baseline: number): [number, number][] {
  const runs = store.pilot?.runs ?? [];
  const [c, b] = [runs.find((r) => r.run === catlip), runs.find((r) => r.run === baseline)];
  if (!c || !b || c.objective !== 'catlip' || c.request.seed !== b.request.seed) return [];
  const done = (objective: Objective, seed: number | undefined) =>
    runs.find((r) => r.objective === objective && r.request.seed === seed && r.status === 'completed' && r.run !== null)?.run ?? null;
  const seeds = [...new Set(runs.map((r) => r.request.seed))].filter((seed) => seed !== c.request.seed);
  return seeds.flatMap((seed) => {
    const [x, y] = [done('catlip', seed), done(b.objective, seed)];
    return x !== null && y !== null ? [[x, y] as [number, number]] : [];
  });
}

/** Re-reads the stored pilot as a page load does (tests of a reload). */
export function reloadPilot(): void {
  store.pilot = load();
}

/** Tests: forget the pilot. */
export function resetPilot(): void {
  store.pilot = null;
  store.starting = false;
  store.error = null;
  store.evalProgress = null;
  evaluating = false;
  recentEnds.clear();
  toldMain = '';
  try {
    globalThis.localStorage?.removeItem(STORAGE_KEY);
  } catch {
    /* ignore */
  }
}
