import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/index.svelte.ts';
import { resetPilot } from '../lib/pilot.svelte.ts';
import { fakeApi, installFake, runDetail, runSummary, type FakeApi } from '../test/fake-api.ts';
import Run from './Run.svelte';

describe('Run screen', () => {
  let api: FakeApi;
  let status: 'running' | 'interrupted' = 'running';
  beforeEach(() => {
    setLocale('en');
    resetPilot();
    status = 'running';
    api = installFake(
      fakeApi({
        'runs:get': ({ run }) => ({
          ...runDetail(
            runSummary({
              run,
              status,
              steps: 0,
              steps_total: 100,
              backend: null,
              device: null,
              backend_notes: [],
              final_loss: null,
              first_loss: null,
              images_per_second: null,
            }),
            [],
          ),
          active: status === 'running',
        }),
        'training:pause': ({ run }) => ({ run }),
        'training:resume': ({ run }) => ({ run }),
        // the Try it panel lists the run's saved models
        'models:list': () => [],
      }),
    );
  });
  afterEach(() => {
    delete window.catlip;
  });

  it('updates progress, ETA, backend and stats from live training events', async () => {
    render(Run, { props: { run: 7 } });
    await screen.findByText('Step 0 of 100');
    api.emit('training:message', {
      type: 'started',
      run: 7,
      backend: 'webgpu',
      device: 'NVIDIA H100',
      notes: ['webgpu: hardware adapter'],
      resumed_from: null,
      parameters: 1000,
    });
    api.emit('training:message', {
      type: 'step',
      run: 7,
      step: 25,
      steps: 100,
      loss: 4.2,
      lr: 0.001,
      grad_norm: 1,
      images_per_second: 512,
      data_ms: 5,
      compute_ms: 120,
      eta_seconds: 95,
      memory_mb: 300,
    });
    api.emit('training:message', {
      type: 'step',
      run: 8,
      step: 99,
      steps: 100,
      loss: 1,
      lr: 0.001,
      grad_norm: 1,
      images_per_second: 1,
      data_ms: 1,
      compute_ms: 1,
      eta_seconds: 1,
      memory_mb: 1,
    });
    await waitFor(() => expect(screen.getByText('Step 25 of 100')).toBeTruthy());
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');
    expect(screen.getByText('about 1 min 35 sec left')).toBeTruthy();
    expect(screen.getByTestId('backend').textContent).toBe('webgpu');
    expect(screen.getByText('NVIDIA H100')).toBeTruthy();
    expect(screen.getByTestId('latest-loss').textContent).toBe('4.2');
    await fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(api.calls.some((c) => c.channel === 'training:pause')).toBe(true);
    api.emit('training:message', { type: 'paused', run: 7, step: 26 });
    await screen.findByRole('button', { name: 'Continue' });
    expect(screen.getByText('paused')).toBeTruthy();
  });

  it('offers to resume an interrupted run from its last checkpoint', async () => {
    status = 'interrupted';
    render(Run, { props: { run: 7 } });
    const resume = await screen.findByRole('button', { name: 'Resume from last checkpoint' });
    expect(screen.queryByRole('button', { name: 'Pause' })).toBeNull();
    await fireEvent.click(resume);
    expect(api.calls.filter((c) => c.channel === 'training:resume')).toEqual([
      { channel: 'training:resume', request: { run: 7 } },
    ]);
  });
});
