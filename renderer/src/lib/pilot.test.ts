import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors.ts';
import {
  deferred,
  evaluationResult,
  fakeApi,
  flush,
  installFake,
  runDetail,
  runSummary,
  type FakeApi,
} from '../test/fake-api.ts';
import {
  handleTrainerMessage,
  initPilot,
  pilotState,
  reconcilePilot,
  reloadPilot,
  repeatPairs,
  resetPilot,
  startNext,
  startPilot,
} from './pilot.svelte.ts';

const req = (objective: 'catlip' | 'clip' | 'superclass') => ({
  dataset: 'demo-emoji',
  objective,
  model: 'vit-tiny' as const,
  steps: 3,
  batch: 16,
});

describe('pilot: runs one after another', () => {
  let api: FakeApi;
  let nextRun: number;
  const statuses = new Map<number, string>();

  beforeEach(() => {
    resetPilot();
    nextRun = 10;
    statuses.clear();
    api = installFake(
      fakeApi({
        'training:start': () => ({ run: nextRun++ }),
        'runs:get': ({ run }) => runDetail(runSummary({ run, status: (statuses.get(run) ?? 'running') as never })),
      }),
    );
  });
  afterEach(() => {
    delete window.catlip;
    resetPilot();
  });

  it('starts CatLIP first and the baseline only when CatLIP has completed', async () => {
    const first = await startPilot([req('catlip'), req('clip')]);
    expect(first).toBe(10);
    expect(
      api.calls
        .filter((c) => c.channel === 'training:start')
        .map((c) => (c.request as { objective: string }).objective),
    ).toEqual(['catlip']);
    handleTrainerMessage({
      type: 'started',
      run: 10,
      backend: 'cpu',
      device: 'cpu',
      notes: [],
      resumed_from: null,
      parameters: 1,
    });
    expect(pilotState().pilot!.runs[0]!.status).toBe('running');
    handleTrainerMessage({ type: 'finished', run: 10, status: 'completed', step: 3 });
    await flush();
    expect(
      api.calls
        .filter((c) => c.channel === 'training:start')
        .map((c) => (c.request as { objective: string }).objective),
    ).toEqual(['catlip', 'clip']);
    expect(pilotState().pilot!.runs.map((r) => r.run)).toEqual([10, 11]);
    expect(pilotState().pilot!.state).toBe('running');
    handleTrainerMessage({ type: 'finished', run: 11, status: 'completed', step: 3 });
    await flush();
    expect(pilotState().pilot!.state).toBe('done');
    // the plan survives a reload
    expect(JSON.parse(localStorage.getItem('catlip.pilot')!).runs.map((r: { run: number }) => r.run)).toEqual([10, 11]);
  });

  it("desktop app: tells main the pilot's runs whenever they change, for the whole-pilot notification", async () => {
    const told: unknown[] = [];
    Object.assign(api, {
      desktop: async (channel: string, request: { pilot: unknown }) => (
        channel === 'desktop:pilot' && told.push(request.pilot),
        { ok: true }
      ),
    });
    await startPilot([req('catlip'), req('clip')]);
    handleTrainerMessage({
      type: 'started',
      run: 10,
      backend: 'cpu',
      device: 'cpu',
      notes: [],
      resumed_from: null,
      parameters: 1,
    });
    handleTrainerMessage({ type: 'finished', run: 10, status: 'completed', step: 3 });
    await flush();
    const id = pilotState().pilot!.id;
    // status changes alone do not repeat it: only a new plan, a newly started run
    expect(told).toEqual([
      {
        id,
        runs: [
          { run: null, objective: 'catlip' },
          { run: null, objective: 'clip' },
        ],
      },
      {
        id,
        runs: [
          { run: 10, objective: 'catlip' },
          { run: null, objective: 'clip' },
        ],
      },
      {
        id,
        runs: [
          { run: 10, objective: 'catlip' },
          { run: 11, objective: 'clip' },
        ],
      },
    ]);
  });

  it('trains every later run on the backend and device the first run resolved, and pairs the seeds for intervals', async () => {
    const seeded = (objective: 'catlip' | 'clip', seed: number) => ({
      ...req(objective),
      backend: 'auto' as const,
      seed,
    });
    await startPilot([seeded('catlip', 0), seeded('clip', 0), seeded('catlip', 1), seeded('clip', 1)]);
    expect(api.calls.find((c) => c.channel === 'training:start')!.request).toMatchObject({ backend: 'auto' });
    expect(
      (api.calls.find((c) => c.channel === 'training:start')!.request as { device?: string }).device,
    ).toBeUndefined();
    for (const run of [10, 11, 12, 13]) {
      handleTrainerMessage({ type: 'finished', run, status: 'completed', step: 3 });
      await flush();
    }
    const later = api.calls
      .filter((c) => c.channel === 'training:start')
      .slice(1)
      .map((c) => c.request);
    // runs:get of run 10 answers cpu on "Test CPU" (fake-api's runSummary)
    expect(later).toEqual(
      (
        [
          ['clip', 0],
          ['catlip', 1],
          ['clip', 1],
        ] as const
      ).map(([objective, seed]) => ({ ...seeded(objective, seed), backend: 'cpu', device: 'Test CPU' })),
    );
    expect(repeatPairs(10, 11)).toEqual([[12, 13]]);
    expect(repeatPairs(12, 13)).toEqual([[10, 11]]);
    expect(repeatPairs(10, 13)).toEqual([]);
    expect(repeatPairs(98, 99)).toEqual([]);
  });

  it('stops when a run is cancelled, and continues on request', async () => {
    await startPilot([req('catlip'), req('clip'), req('superclass')]);
    handleTrainerMessage({ type: 'finished', run: 10, status: 'cancelled', step: 1 });
    await flush();
    expect(pilotState().pilot!.state).toBe('stopped');
    expect(pilotState().pilot!.stoppedBy).toEqual({ run: 10, status: 'cancelled' });
    expect(api.calls.filter((c) => c.channel === 'training:start')).toHaveLength(1);
    await startNext();
    expect(pilotState().pilot!.runs.map((r) => r.run)).toEqual([10, 11, null]);
    expect(pilotState().pilot!.state).toBe('running');
  });

  it('catches up after missing the finished event (reload or reconnect)', async () => {
    await startPilot([req('catlip'), req('clip')]);
    statuses.set(10, 'completed');
    await reconcilePilot();
    await flush();
    expect(pilotState().pilot!.runs.map((r) => r.run)).toEqual([10, 11]);
  });

  it('ignores events of runs outside the pilot', async () => {
    await startPilot([req('catlip'), req('clip')]);
    handleTrainerMessage({ type: 'finished', run: 99, status: 'completed', step: 3 });
    await flush();
    expect(api.calls.filter((c) => c.channel === 'training:start')).toHaveLength(1);
  });
});

describe('pilot: evaluations after the last run', () => {
  let api: FakeApi;
  let nextRun: number;
  let nextEvaluation: number;
  const plan = {
    dataset: 'demo-emoji-categories',
    methods: ['linear-probe' as const, 'zero-shot' as const],
    fractions: [1, 0.1],
    transferInit: true,
  };
  const evalCalls = () => api.calls.filter((c) => c.channel === 'eval:run').map((c) => c.request);

  beforeEach(() => {
    resetPilot();
    nextRun = 10;
    nextEvaluation = 1;
    api = installFake(
      fakeApi({
        'training:start': () => ({ run: nextRun++ }),
        'runs:get': ({ run }) => runDetail(runSummary({ run })),
        'eval:run': (req) => {
          // zero-shot of the CLIP run fails, as the engine would for a missing prompt set
          if (req.run === 11 && req.method === 'zero-shot')
            throw new ApiError('unsupported', 'no text encoder checkpoint');
          return evaluationResult(req, nextEvaluation++);
        },
      }),
    );
  });
  afterEach(() => {
    delete window.catlip;
    resetPilot();
  });

  it('runs the planned methods and fractions for every completed run, one after another, once the last run has completed', async () => {
    await startPilot([req('catlip'), req('clip')], plan);
    handleTrainerMessage({ type: 'finished', run: 10, status: 'completed', step: 3 });
    await flush();
    expect(evalCalls()).toEqual([]); // not while the baseline still has to train
    handleTrainerMessage({ type: 'finished', run: 11, status: 'completed', step: 3 });
    await vi.waitFor(() =>
      expect(pilotState().pilot!.evaluations!.every((e) => e.state === 'done' || e.state === 'failed')).toBe(true),
    );
    const d = 'demo-emoji-categories';
    expect(evalCalls()).toEqual([
      { run: 10, dataset: d, method: 'linear-probe', init: 'random', fraction: 1 },
      { run: 10, dataset: d, method: 'linear-probe', init: 'transfer', fraction: 1 },
      { run: 10, dataset: d, method: 'linear-probe', init: 'random', fraction: 0.1 },
      { run: 10, dataset: d, method: 'linear-probe', init: 'transfer', fraction: 0.1 },
      { run: 10, dataset: d, method: 'zero-shot' },
      // Transfer Init needs CatLIP's synset head: the CLIP run gets random heads only
      { run: 11, dataset: d, method: 'linear-probe', init: 'random', fraction: 1 },
      { run: 11, dataset: d, method: 'linear-probe', init: 'random', fraction: 0.1 },
      { run: 11, dataset: d, method: 'zero-shot' },
    ]);
    const evaluations = pilotState().pilot!.evaluations!;
    expect(evaluations.map((e) => e.state)).toEqual(['done', 'done', 'done', 'done', 'done', 'done', 'done', 'failed']);
    expect(evaluations[7]!.error).toBe('no text encoder checkpoint');
    expect(evaluations[0]).toMatchObject({ evaluation: 1, top1: 0.6 });
    expect(pilotState().pilot!.state).toBe('done');
    // kept for a reload, like the runs
    expect(
      JSON.parse(localStorage.getItem('catlip.pilot')!).evaluations.map((e: { state: string }) => e.state),
    ).toContain('failed');
  });

  it('evaluates one at a time and shows each as running meanwhile, with its progress', async () => {
    const answers: ReturnType<typeof deferred<ReturnType<typeof evaluationResult>>>[] = [];
    api = installFake(
      fakeApi({
        'training:start': () => ({ run: nextRun++ }),
        'eval:run': (r) => {
          const d = deferred<ReturnType<typeof evaluationResult>>();
          answers.push(d);
          void r;
          return d.promise;
        },
      }),
    );
    const off = initPilot();
    await startPilot([req('catlip')], { ...plan, methods: ['linear-probe'], fractions: [1], transferInit: false });
    handleTrainerMessage({ type: 'finished', run: 10, status: 'completed', step: 3 });
    await flush();
    expect(pilotState().pilot!.evaluations!.map((e) => e.state)).toEqual(['running']);
    expect(answers).toHaveLength(1);
    api.emit('eval:progress', { run: 10, dataset: plan.dataset, phase: 'features', done: 4, total: 10 });
    expect(pilotState().evalProgress).toMatchObject({ phase: 'features', done: 4 });
    answers[0]!.resolve(evaluationResult({ run: 10, dataset: plan.dataset }, 7));
    await vi.waitFor(() => expect(pilotState().pilot!.evaluations![0]!.state).toBe('done'));
    expect(pilotState().evalProgress).toBeNull();
    off();
  });

  it('evaluates only completed runs, and none without a plan', async () => {
    await startPilot([req('catlip'), req('clip')], plan);
    handleTrainerMessage({ type: 'finished', run: 10, status: 'cancelled', step: 1 });
    await flush();
    await startNext();
    handleTrainerMessage({ type: 'finished', run: 11, status: 'completed', step: 3 });
    await vi.waitFor(() => expect(pilotState().pilot!.evaluations!.length).toBeGreaterThan(0));
    await vi.waitFor(() =>
      expect(pilotState().pilot!.evaluations!.every((e) => e.state !== 'pending' && e.state !== 'running')).toBe(true),
    );
    expect(new Set(evalCalls().map((r) => (r as { run: number }).run))).toEqual(new Set([11]));

    resetPilot();
    api.calls.length = 0;
    await startPilot([req('catlip')]);
    handleTrainerMessage({ type: 'finished', run: 12, status: 'completed', step: 3 });
    await flush();
    expect(pilotState().pilot!.state).toBe('done');
    expect(evalCalls()).toEqual([]);
  });

  it('goes on with the evaluations after a reload', async () => {
    await startPilot([req('catlip')], { ...plan, methods: ['zero-shot'] });
    // as stored by a page that was closed while its evaluation was running
    const stored = JSON.parse(localStorage.getItem('catlip.pilot')!);
    stored.runs[0].status = 'completed';
    stored.state = 'done';
    stored.evaluations = [
      {
        request: { run: 10, dataset: plan.dataset, method: 'zero-shot' },
        objective: 'catlip',
        state: 'running',
        error: null,
        evaluation: null,
        top1: null,
      },
    ];
    localStorage.setItem('catlip.pilot', JSON.stringify(stored));
    reloadPilot();
    await reconcilePilot();
    expect(evalCalls()).toEqual([{ run: 10, dataset: plan.dataset, method: 'zero-shot' }]);
    expect(pilotState().pilot!.evaluations![0]!.state).toBe('done');
  });
});
