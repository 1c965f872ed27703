import { api } from '../api/index.ts';
import type { Objective, RunStatus, TrainerMessage, TrainRequestInput } from '../api/contract.ts';
import { currentRoute, navigate } from './router.svelte.ts';

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

export interface Pilot {
  id: string;
  createdAt: string;
  runs: PlannedRun[];
  state: 'running' | 'done' | 'stopped';
  /** The run whose end stopped the pilot (cancelled, failed, interrupted). */
  stoppedBy: { run: number; status: string } | null;
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

const store = $state<{ pilot: Pilot | null; starting: boolean; error: unknown }>({ pilot: load(), starting: false, error: null });

function save(): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify($state.snapshot(store.pilot)));
  } catch {
    /* not persisted */
  }
}

/** Reactive view of the current pilot. */
export function pilotState(): { readonly pilot: Pilot | null; readonly starting: boolean; readonly error: unknown } {
  return store;
}

/** The pilot that contains `run`, if it is the current one. */
export function pilotOf(run: number): Pilot | null {
  return store.pilot?.runs.some((r) => r.run === run) ? store.pilot : null;
}

/** Starts a new pilot (replacing a finished one) with its first run; returns the first run's id. */
export async function startPilot(requests: TrainRequestInput[]): Promise<number> {
  if (!requests.length) throw new Error('a pilot needs at least one run');
  store.pilot = {
    id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    createdAt: new Date().toISOString(),
    runs: requests.map((request) => ({ objective: request.objective, request, run: null, status: null })),
    state: 'running',
    stoppedBy: null,
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
      return;
    }
    save();
    await startNext().catch(() => undefined);
    return;
  }
  if (status === 'cancelled' || status === 'failed' || status === 'interrupted') {
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
  switch (m.type) {
    case 'started':
      setStatus(m.run, 'running');
      break;
    case 'paused':
      setStatus(m.run, 'paused');
      break;
    case 'resumed':
      setStatus(m.run, 'running');
      if (store.pilot.state === 'stopped') store.pilot.state = 'running';
      break;
    case 'finished':
      void afterEnd(m.run, m.status);
      return;
    case 'failed':
      void afterEnd(m.run, 'failed');
      return;
    default:
      return;
  }
  save();
}

/** Brings the pilot up to date from the engine (page load, reconnect): a run may have ended unseen. */
export async function reconcilePilot(): Promise<void> {
  const pilot = store.pilot;
  if (!pilot || pilot.state === 'done') return;
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
  if (lastStarted?.run != null && lastStarted.status && ['completed', 'cancelled', 'failed', 'interrupted'].includes(lastStarted.status)) {
    await afterEnd(lastStarted.run, lastStarted.status);
  }
}

/** Subscribes the pilot to the engine's training events; returns the unsubscribe function. */
export function initPilot(): () => void {
  const off = api().on('training:message', handleTrainerMessage);
  const offConn = api().onConnectionChange?.((connected) => {
    if (connected) void reconcilePilot();
  });
  void reconcilePilot();
  return () => {
    off();
    offConn?.();
  };
}

/** Tests: forget the pilot. */
export function resetPilot(): void {
  store.pilot = null;
  store.starting = false;
  store.error = null;
  recentEnds.clear();
  try {
    globalThis.localStorage?.removeItem(STORAGE_KEY);
  } catch {
    /* ignore */
  }
}
