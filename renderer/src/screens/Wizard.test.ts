import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/index.svelte.ts';
import { resetPilot } from '../lib/pilot.svelte.ts';
import { fakeApi, installFake, type FakeApi } from '../test/fake-api.ts';
import Wizard from './Wizard.svelte';

const dataset = (name: string, kind: 'captions' | 'labelled') => ({
  name, kind, format: 'emoji', source_path: '/x', image_size: 64, items: 1906, images: 1892, classes: 0, splits: { train: 1906 },
  created_at: '2026-11-26T19:44:38.687Z', updated_at: '2026-11-26T19:44:38.687Z',
});

describe('New pilot wizard', () => {
  let api: FakeApi;
  beforeEach(() => {
    setLocale('en');
    resetPilot();
    location.hash = '#/new';
    let run = 20;
    api = installFake(fakeApi({
      'datasets:list': () => [dataset('demo-emoji', 'captions'), dataset('demo-emoji-categories', 'labelled')],
      'training:start': () => ({ run: run++ }),
    }));
  });
  afterEach(() => {
    delete window.catlip;
    resetPilot();
  });

  const next = () => fireEvent.click(screen.getByRole('button', { name: 'Next' }));

  it('walks dataset → model → budget (advanced: backend) → baseline → review and starts CatLIP first', async () => {
    render(Wizard);
    const radio = await screen.findByRole('radio', { name: /demo-emoji/ });
    expect((radio as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByRole('radio', { name: /categories/ })).toBeNull(); // labelled sets are not pre-training data
    await next();
    await fireEvent.click(screen.getByRole('radio', { name: /Probe/ }));
    await next();
    const steps = screen.getByRole('spinbutton', { name: 'Training steps' });
    await fireEvent.input(steps, { target: { value: '0' } });
    expect((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(steps, { target: { value: '5' } });
    await fireEvent.input(screen.getByRole('spinbutton', { name: /Batch size/ }), { target: { value: '8' } });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Compute backend' }), { target: { value: 'cpu' } });
    await next();
    await fireEvent.click(screen.getByRole('checkbox', { name: /SuperClass/ }));
    await next();
    const review = screen.getByTestId('review').textContent!;
    expect(review).toContain('5 steps × 8 images');
    expect(review).toContain('CPU');
    expect(review).toMatch(/CatLIP.*CLIP.*SuperClass/);
    await fireEvent.click(screen.getByRole('button', { name: 'Start pilot' }));
    await waitFor(() => expect(location.hash).toBe('#/run/20'));
    const starts = api.calls.filter((c) => c.channel === 'training:start');
    // only CatLIP starts now; the baselines follow when it has finished
    expect(starts).toEqual([
      { channel: 'training:start', request: { dataset: 'demo-emoji', objective: 'catlip', model: 'probe', steps: 5, batch: 8, backend: 'cpu', seed: 0 } },
    ]);
  });
});
