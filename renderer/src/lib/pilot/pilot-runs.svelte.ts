import { api } from '../../api/index.ts';
import { runHasEnded, statusAfterMessage } from '../../api/contract.ts';
import type { RunStatus, TrainerMessage, TrainRequestInput } from '../../api/contract.ts';
import { pilotPin } from '../../../../electron/shared/training.ts';
import { currentRoute, navigate } from '../router.svelte.ts';
import type { EvaluationPlan, PlannedRun } from './pilot-plan.ts';
import { loadStoredPilot } from './pilot-storage.ts';
import { evaluationLoop, pilotOf, recentEnds, savePilot, store } from './pilot-store.svelte.ts';
import { runEvaluations } from './pilot-evaluations.svelte.ts';

/**
 * Works through a pilot's runs. The engine starts one run per `training:start`; this starts the next one
 * when the previous run finishes (a `training:message` "finished/completed" event, or on reconnect from
 * `runs:get`), and hands over to the evaluations once the last run has completed.
 */

/**
 * Starts a new pilot (replacing a finished one) with its first run; returns the first run's id.
 * `evaluationPlan` (if any) runs after the last run has completed.
 */
export async function startPilot(
  requests: TrainRequestInput[],
  evaluationPlan: EvaluationPlan | null = null,
): Promise<number> {
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
  savePilot();
  const run = await startNext();
  if (run === null) throw new Error('the pilot did not start');
  return run;
}

/** Starts the first planned run that has not started yet; returns its id (null when all have started). */
export async function startNext(): Promise<number | null> {
  const stored = loadStoredPilot();
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
    const { run } = await api().invoke(
      'training:start',
      $state.snapshot(pilot.runs[index]!.request) as TrainRequestInput,
    );
    pilot.runs[index]!.run = run;
    pilot.runs[index]!.status = 'queued';
    pilot.state = 'running';
    pilot.stoppedBy = null;
    savePilot();
    const ended = recentEnds.get(run);
    if (ended) queueMicrotask(() => void afterEnd(run, ended));
    // follow the pilot: whoever watches the previous run now sees the next one
    const route = currentRoute();
    if (previous !== null && route.name === 'run' && route.run === previous) navigate(`/run/${run}`);
    return run;
  } catch (e) {
    store.error = e;
    pilot.state = 'stopped';
    savePilot();
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
      savePilot();
      if (pilot.state === 'done') await runEvaluations();
      return;
    }
    savePilot();
    await startNext().catch(() => undefined);
    return;
  }
  if (runHasEnded(status)) {
    pilot.state = 'stopped';
    pilot.stoppedBy = { run, status };
    savePilot();
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
  savePilot();
}

/** Brings the pilot up to date from the engine (page load, reconnect): a run may have ended unseen. */
export async function reconcilePilot(): Promise<void> {
  const pilot = store.pilot;
  if (!pilot) return;
  if (pilot.state === 'done') {
    // a reload loses the answer of an eval:run in flight: run it again (the engine stores both measurements)
    if (!evaluationLoop.running)
      for (const e of pilot.evaluations ?? []) if (e.state === 'running') e.state = 'pending';
    savePilot();
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
  savePilot();
  const lastStarted = [...pilot.runs].reverse().find((r) => r.run !== null);
  if (lastStarted?.run != null && lastStarted.status && runHasEnded(lastStarted.status)) {
    await afterEnd(lastStarted.run, lastStarted.status);
  }
}
