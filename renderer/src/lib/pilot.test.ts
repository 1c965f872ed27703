import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, flush, installFake, runDetail, runSummary, type FakeApi } from '../test/fake-api.ts';
import { handleTrainerMessage, pilotState, reconcilePilot, resetPilot, startNext, startPilot } from './pilot.svelte.ts';

const req = (objective: 'catlip' | 'clip' | 'superclass') => ({ dataset: 'demo-emoji', objective, model: 'vit-tiny' as const, steps: 3, batch: 16 });

describe('pilot: runs one after another', () => {
  let api: FakeApi;
  let nextRun: number;
  const statuses = new Map<number, string>();

  beforeEach(() => {
    resetPilot();
    nextRun = 10;
    statuses.clear();
    api = installFake(fakeApi({
      'training:start': () => ({ run: nextRun++ }),
      'runs:get': ({ run }) => runDetail(runSummary({ run, status: (statuses.get(run) ?? 'running') as never })),
    }));
  });
  afterEach(() => {
    delete window.catlip;
    resetPilot();
  });

  it('starts CatLIP first and the baseline only when CatLIP has completed', async () => {
    const first = await startPilot([req('catlip'), req('clip')]);
    expect(first).toBe(10);
    expect(api.calls.filter((c) => c.channel === 'training:start').map((c) => (c.request as { objective: string }).objective)).toEqual(['catlip']);
    handleTrainerMessage({ type: 'started', run: 10, backend: 'cpu', device: 'cpu', notes: [], resumed_from: null, parameters: 1 });
    expect(pilotState().pilot!.runs[0]!.status).toBe('running');
    handleTrainerMessage({ type: 'finished', run: 10, status: 'completed', step: 3 });
    await flush();
    expect(api.calls.filter((c) => c.channel === 'training:start').map((c) => (c.request as { objective: string }).objective)).toEqual(['catlip', 'clip']);
    expect(pilotState().pilot!.runs.map((r) => r.run)).toEqual([10, 11]);
    expect(pilotState().pilot!.state).toBe('running');
    handleTrainerMessage({ type: 'finished', run: 11, status: 'completed', step: 3 });
    await flush();
    expect(pilotState().pilot!.state).toBe('done');
    // the plan survives a reload
    expect(JSON.parse(localStorage.getItem('catlip.pilot')!).runs.map((r: { run: number }) => r.run)).toEqual([10, 11]);
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
