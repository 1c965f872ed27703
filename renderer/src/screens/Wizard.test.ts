import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Response } from '../api/contract.ts';
import { ApiError } from '../api/errors.ts';
import { setLocale } from '../i18n/index.svelte.ts';
import { pilotState, resetPilot } from '../lib/pilot.svelte.ts';
import {
  costSettings,
  fakeApi,
  installFake,
  trainingEstimate,
  vocabEditPreview,
  vocabPreview,
  vocabSummary,
  type FakeApi,
  type FakeHandlers,
} from '../test/fake-api.ts';
import Wizard from './Wizard.svelte';

const dataset = (name: string, kind: 'captions' | 'labelled') => ({
  name,
  kind,
  format: 'emoji',
  source_path: '/x',
  image_size: 64,
  items: 1906,
  images: 1892,
  classes: kind === 'labelled' ? 9 : 0,
  splits: { train: 1906 },
  created_at: '2026-11-26T19:44:38.687Z',
  updated_at: '2026-11-26T19:44:38.687Z',
});

describe('New pilot wizard', () => {
  let api: FakeApi;
  let secondsPerStep: number | null;
  let memoryMb: number;

  const install = (over: FakeHandlers = {}) => {
    let run = 20;
    api = installFake(
      fakeApi({
        'datasets:list': () => [dataset('demo-emoji', 'captions'), dataset('demo-emoji-categories', 'labelled')],
        'vocab:preview': (req) => vocabPreview(req.dataset, req.mode),
        'vocab:build': (req) =>
          vocabSummary({
            dataset: req.dataset,
            mode: req.mode ?? 'paper',
            min_count: req.minCount ?? 3,
            min_count_default: req.minCount === undefined,
          }),
        'training:estimate': (req) => trainingEstimate(req, secondsPerStep, memoryMb),
        'cost:settings:get': () => costSettings(),
        'cost:settings:set': (patch) =>
          costSettings({ ...patch, plan: { ...costSettings().plan, ...patch.plan } } as never),
        'training:start': () => ({ run: run++ }),
        'datasets:provenance': (req) => provenance(req.dataset, null, null),
        'datasets:licence:set': (req) => provenance(req.dataset, req.licence ?? null, req.consent_notes ?? null),
        'datasets:views': () => [],
        ...over,
      }),
    );
  };

  beforeEach(() => {
    setLocale('en');
    resetPilot();
    location.hash = '#/new';
    secondsPerStep = 0.5;
    memoryMb = 900;
    install();
  });
  afterEach(() => {
    delete window.catlip;
    resetPilot();
  });

  const next = () => fireEvent.click(screen.getByRole('button', { name: 'Next' }));
  const heading = (name: string) => screen.findByRole('heading', { level: 2, name });
  const calls = (channel: string) => api.calls.filter((c) => c.channel === channel).map((c) => c.request);

  it('walks every step and starts CatLIP first with the built vocabulary, then keeps the evaluations and saves the cost settings', async () => {
    render(Wizard);
    const radio = await screen.findByRole('radio', { name: /demo-emoji/ });
    expect((radio as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByRole('radio', { name: /categories/ })).toBeNull(); // labelled sets are not pre-training data
    await next();

    // vocabulary: the curve starts at the engine's default min-count; another one is built on Next
    await heading('Vocabulary');
    const minCount = screen.getByRole('spinbutton', { name: 'Minimum count' }) as HTMLInputElement;
    await waitFor(() => expect(minCount.value).toBe('3'));
    expect(screen.getByTestId('vocab-at-min-count').textContent).toBe(
      'At minimum count 3: 200 synsets, 92.5% of captions covered, 2.7 labels per caption.',
    );
    await fireEvent.input(minCount, { target: { value: '5' } });
    expect(screen.getByTestId('vocab-at-min-count').textContent).toContain('At minimum count 5: 120 synsets');
    await next();
    await heading('Model size');
    expect(calls('vocab:build')).toEqual([{ dataset: 'demo-emoji', mode: 'paper', top: 10, minCount: 5 }]);
    expect(screen.getByTestId('vocab-built').textContent).toMatch(/Vocabulary #45 built:\s*120 synsets, 90% coverage/);

    // model: the estimate of every objective for this model and batch
    await fireEvent.click(screen.getByRole('radio', { name: /Probe/ }));
    await waitFor(() =>
      expect(calls('training:estimate').at(-1)).toMatchObject({ model: 'probe', batch: 32, vocabulary: 45 }),
    );
    const estimate = screen.getByTestId('estimate');
    await waitFor(() => expect(within(estimate).getAllByRole('row')).toHaveLength(4));
    const catlipRow = estimate.querySelector('tr[data-objective="catlip"]')!.textContent!;
    expect(catlipRow).toContain('5.7 M');
    expect(catlipRow).toContain('2.4 GFLOPs');
    expect(catlipRow).toContain('900 MB');
    expect(catlipRow).toContain('about 0.5 sec per step');
    expect(screen.queryByTestId('memory-warning')).toBeNull();
    await next();

    // budget in steps, with the measured conversion
    const steps = screen.getByRole('spinbutton', { name: 'Training steps' });
    await fireEvent.input(steps, { target: { value: '0' } });
    expect((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(steps, { target: { value: '120' } });
    await fireEvent.input(screen.getByRole('spinbutton', { name: /Batch size/ }), { target: { value: '8' } });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Compute backend' }), { target: { value: 'cpu' } });
    await waitFor(() =>
      expect(screen.getByTestId('budget-conversion').textContent).toContain('CatLIP: 120 steps take about 1 min here.'),
    );
    await next();

    await fireEvent.click(screen.getByRole('checkbox', { name: /SuperClass/ }));
    await next();

    // evaluations: none by default; choose the labelled set, both fractions, linear probe and zero-shot
    await heading('Evaluations');
    expect((screen.getByRole('radio', { name: /None/ }) as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(screen.getByRole('radio', { name: /demo-emoji-categories/ }));
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Zero-shot' }));
    expect((screen.getByRole('checkbox', { name: 'Linear probe' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: '10% of the labels' }) as HTMLInputElement).checked).toBe(true);
    await next();

    // cost: saved as the defaults on Next
    await heading('Cost');
    await fireEvent.input(await screen.findByRole('spinbutton', { name: 'GPU cost per hour' }), {
      target: { value: '250' },
    });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Currency' }), { target: { value: 'USD' } });
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'GPUs' }), { target: { value: '8' } });
    await next();
    await heading('Review');
    expect(calls('cost:settings:set')).toEqual([
      {
        currency: 'USD',
        gpuCostPerHour: 250,
        electricityPerKwh: null,
        plan: {
          images: null,
          epochs: null,
          gpus: 8,
          bandwidthGBps: null,
          perGpuBatch: null,
          gpuMemoryGB: null,
          baselineGpus: null,
        },
      },
    ]);

    const review = screen.getByTestId('review');
    const row = (name: string) => review.querySelector(`tr[data-row="${name}"]`)!.textContent!;
    expect(review.textContent).toContain('120 steps × 8 images');
    expect(review.textContent).toContain('CPU');
    expect(review.textContent).toMatch(/CatLIP.*CLIP.*SuperClass/);
    expect(row('vocabulary')).toMatch(/Vocabulary #45 built:\s*120 synsets, 90% coverage \(Paper.*minimum count 5\)/);
    expect(row('estimate')).toContain('CatLIP: 5.7 M parameters, 900 MB memory, about 0.5 sec per step');
    expect(row('evaluations')).toContain(
      '“demo-emoji-categories”: Linear probe, Zero-shot; labels 100%, 10%; Transfer Init: Yes',
    );
    // CatLIP: 2 fractions × (random + transfer) + zero-shot = 5; CLIP and SuperClass: 2 + 1 each
    expect(row('evaluations')).toContain('11 evaluations after the last run');
    expect(row('cost')).toContain('GPU cost per hour: $250.00');
    expect(row('cost')).toContain('GPUs: 8');
    expect(row('cost')).toContain('Electricity per kWh: not set');

    // the training data's licence before training: unknown, warned about, and entered here
    const licence = screen.getByTestId('licence-state');
    await waitFor(() => expect(licence.textContent).toContain('Unknown licence'));
    expect(screen.getByTestId('licence-warning').textContent).toContain('Nobody has stated under what terms');
    await fireEvent.input(within(licence).getByRole('textbox', { name: /^Licence/ }), {
      target: { value: 'CC-BY-NC-4.0' },
    });
    await fireEvent.click(within(licence).getByRole('button', { name: 'Save licence and notes' }));
    await waitFor(() => expect(licence.textContent).toContain('CC-BY-NC-4.0'));
    expect(calls('datasets:licence:set')).toEqual([
      { dataset: 'demo-emoji', licence: 'CC-BY-NC-4.0', consent_notes: null },
    ]);
    expect(screen.getByTestId('licence-warning').textContent).toContain('forbids commercial use');

    await fireEvent.click(screen.getByRole('button', { name: 'Start pilot' }));
    await waitFor(() => expect(location.hash).toBe('#/run/20'));
    // only CatLIP starts now, against the vocabulary built above; the baselines follow when it has finished
    expect(calls('training:start')).toEqual([
      {
        dataset: 'demo-emoji',
        model: 'probe',
        steps: 120,
        batch: 8,
        backend: 'cpu',
        seed: 0,
        recipe: 'objective',
        objective: 'catlip',
        vocabulary: 45,
      },
    ]);
    const pilot = pilotState().pilot!;
    expect(pilot.runs.map((r) => r.request.vocabulary)).toEqual([45, undefined, undefined]);
    expect(pilot.evaluationPlan).toEqual({
      dataset: 'demo-emoji-categories',
      methods: ['linear-probe', 'zero-shot'],
      fractions: [1, 0.1],
      transferInit: true,
    });
  });

  it('plans in minutes: says the time is not measured yet, warns about memory, and sends minutes instead of steps', async () => {
    secondsPerStep = null;
    memoryMb = 12_000;
    render(Wizard);
    await screen.findByRole('radio', { name: /demo-emoji/ });
    await next();
    await waitFor(() =>
      expect((screen.getByRole('spinbutton', { name: 'Minimum count' }) as HTMLInputElement).value).toBe('3'),
    );
    await next();
    await heading('Model size');
    await waitFor(() =>
      expect(screen.getByTestId('estimate').querySelector('tr[data-objective="clip"]')?.textContent).toContain(
        'not measured yet',
      ),
    );
    expect(screen.getByTestId('estimate').textContent).toContain(
      'no run of this model has been measured on this machine yet',
    );
    expect(screen.getAllByTestId('memory-warning')[0]!.textContent).toContain('CatLIP needs about 11.7 GB of memory');
    await next();

    await fireEvent.click(screen.getByRole('radio', { name: 'Minutes' }));
    expect(screen.queryByRole('spinbutton', { name: 'Training steps' })).toBeNull();
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Training minutes per run' }), {
      target: { value: '15' },
    });
    await waitFor(() => expect(calls('training:estimate').at(-1)).toMatchObject({ minutes: 15 }));
    await waitFor(() =>
      expect(screen.getByTestId('budget-conversion').textContent).toContain(
        'CatLIP: not measured on this machine yet. The run times its first steps',
      ),
    );
    for (let i = 0; i < 4; i++) await next(); // baseline, evaluations, cost
    await heading('Review');
    expect(screen.getByTestId('review').textContent).toContain('about 15 minutes per run × 32 images');
    await fireEvent.click(screen.getByRole('button', { name: 'Start pilot' }));
    await waitFor(() => expect(location.hash).toBe('#/run/20'));
    expect(calls('training:start')).toEqual([
      {
        dataset: 'demo-emoji',
        model: 'vit-tiny',
        minutes: 15,
        batch: 32,
        backend: 'auto',
        seed: 0,
        recipe: 'objective',
        objective: 'catlip',
        vocabulary: 43,
      },
    ]);
    expect(pilotState().pilot!.runs[1]!.request).toMatchObject({ objective: 'clip', minutes: 15 });
    expect(pilotState().pilot!.runs[1]!.request.steps).toBeUndefined();
  });

  it('with only Next clicked: default vocabulary, steps, no evaluations, cost settings saved unchanged', async () => {
    render(Wizard);
    await screen.findByRole('radio', { name: /demo-emoji/ });
    await next();
    await waitFor(() =>
      expect((screen.getByRole('spinbutton', { name: 'Minimum count' }) as HTMLInputElement).value).toBe('3'),
    );
    for (const name of ['Model size', 'Budget', 'Baseline', 'Evaluations', 'Cost', 'Review']) {
      await next();
      await heading(name);
      if (name === 'Cost') await screen.findByRole('spinbutton', { name: 'GPU cost per hour' });
    }
    expect(calls('vocab:build')).toEqual([{ dataset: 'demo-emoji', mode: 'paper', top: 10, minCount: 3 }]);
    expect(calls('cost:settings:set')).toHaveLength(1);
    expect(screen.getByTestId('review').querySelector('tr[data-row="evaluations"]')!.textContent).toContain('None');
    await fireEvent.click(screen.getByRole('button', { name: 'Start pilot' }));
    await waitFor(() => expect(location.hash).toBe('#/run/20'));
    expect(calls('training:start')[0]).toEqual({
      dataset: 'demo-emoji',
      model: 'vit-tiny',
      steps: 100,
      batch: 32,
      backend: 'auto',
      seed: 0,
      recipe: 'objective',
      objective: 'catlip',
      vocabulary: 43,
    });
    expect(pilotState().pilot!.evaluationPlan).toBeNull();
  });

  it('trains on a chosen dataset view and on the vocabulary edited in the vocabulary step', async () => {
    const coverage = (items: number) => ({
      items,
      captions: items,
      images: items,
      train_items: items,
      classes: 50,
      class_coverage: 0.9,
    });
    install({
      'datasets:views': (req) => [
        {
          dataset: req.dataset,
          name: 'clean',
          mode: 'paper',
          filters: { dropNoClass: true, dropNearDuplicates: true },
          before: coverage(1906),
          after: coverage(1500),
          created_at: '2026-12-04T10:00:00.000Z',
        },
      ],
      'vocab:edit': (req) => ({
        ...vocabSummary({ dataset: 'demo-emoji', min_count: 3 }),
        vocabulary: 77,
        parent: req.vocabulary,
        edits: [],
        relabelled: 12,
      }),
      'vocab:edit:preview': (req) => vocabEditPreview(req),
      // the view keeps 1,500 of the 1,906 training items
      'training:estimate': (req) => trainingEstimate(req, secondsPerStep, memoryMb, req.view === 'clean' ? 1500 : 1906),
    });
    render(Wizard);
    await screen.findByRole('radio', { name: /demo-emoji/ });
    const picker = await screen.findByRole('combobox', { name: 'Train on' });
    await fireEvent.change(picker, { target: { value: 'clean' } });
    expect(screen.getByTestId('view-coverage').textContent).toContain('1,500'); // the view's effect on coverage
    await next();

    // the vocabulary step: the Datasets screen's editor, on a vocabulary built here on request
    await heading('Vocabulary');
    await waitFor(() =>
      expect((screen.getByRole('spinbutton', { name: 'Minimum count' }) as HTMLInputElement).value).toBe('3'),
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Build the vocabulary now to edit it' }));
    await fireEvent.input(await screen.findByRole('textbox', { name: /Classes or words to drop/ }), {
      target: { value: 'photo' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Add edit' }));
    // the edited version's curve and coverage follow the edit before it is saved
    await waitFor(() =>
      expect(screen.getByTestId('edited-figures').textContent).toContain(
        'With the 1 edits not saved yet, at minimum count 3: 44 classes (now 45)',
      ),
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Save 1 edits as a new version' }));
    await screen.findByText('The pilot trains CatLIP on the edited vocabulary 77.');
    expect(calls('vocab:edit')).toEqual([{ vocabulary: 43, top: 20, edits: [{ op: 'stop', classes: ['photo'] }] }]);

    for (const name of ['Model size', 'Budget', 'Baseline', 'Evaluations', 'Cost', 'Review']) {
      await next();
      await heading(name);
      if (name === 'Cost') await screen.findByRole('spinbutton', { name: 'GPU cost per hour' });
      if (name === 'Budget') {
        // the estimate is asked for the view, and the passes are counted over the view's training items
        await waitFor(() =>
          expect(screen.getByTestId('budget-epochs').textContent).toBe(
            'Each run sees 3,200 images, about 2.13 passes over the 1,500 training items of the view “clean” of “demo-emoji”.',
          ),
        );
        expect(calls('training:estimate').at(-1)).toMatchObject({ dataset: 'demo-emoji', view: 'clean' });
      }
    }
    expect(calls('vocab:build')).toHaveLength(1); // the edited version is kept, not rebuilt
    await fireEvent.click(screen.getByRole('button', { name: 'Start pilot' }));
    await waitFor(() => expect(location.hash).toBe('#/run/20'));
    expect(calls('training:start')[0]).toMatchObject({
      dataset: 'demo-emoji',
      view: 'clean',
      objective: 'catlip',
      vocabulary: 77,
    });
    // the baseline waits for CatLIP to finish; its planned request trains on the same view
    expect(pilotState().pilot!.runs[1]!.request).toMatchObject({ view: 'clean', objective: 'clip' });
  });

  it('plans several seeds per objective, seed by seed, on the chosen recipe', async () => {
    render(Wizard);
    await screen.findByRole('radio', { name: /demo-emoji/ });
    await next();
    await heading('Vocabulary');
    // the default threshold is stated, and DataComp's is offered
    expect((await screen.findByTestId('vocab-thresholds')).textContent).toContain(
      'Default 3: the paper’s CC3M threshold (V_tau = 500 per 3.3M captions)',
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Use DataComp’s threshold (2)' }));
    expect((screen.getByRole('spinbutton', { name: 'Minimum count' }) as HTMLInputElement).value).toBe('2');
    await next();
    await heading('Model size');
    // the fake engine builds the vocabulary without naming a threshold
    expect(screen.getByTestId('vocab-threshold').textContent).toContain('Minimum count 2: chosen by hand');
    await next();
    await heading('Budget');
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Seeds per objective' }), { target: { value: '3' } });
    await next();
    await heading('Baseline');
    expect((screen.getByRole('radio', { name: /Each objective’s own recipe/ }) as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(screen.getByRole('radio', { name: /The same recipe for both/ }));
    for (const name of ['Evaluations', 'Cost', 'Review']) {
      await next();
      await heading(name);
      if (name === 'Cost') await screen.findByRole('spinbutton', { name: 'GPU cost per hour' });
    }
    const review = screen.getByTestId('review');
    expect(review.querySelector('tr[data-row="recipe"]')!.textContent).toContain('The same recipe for both');
    expect(review.textContent).toContain('0–2 (3 seeds per objective)');
    await fireEvent.click(screen.getByRole('button', { name: 'Start pilot' }));
    await waitFor(() => expect(location.hash).toBe('#/run/20'));
    expect(pilotState().pilot!.runs.map((r) => [r.objective, r.request.seed, r.request.recipe])).toEqual([
      ['catlip', 0, 'matched'],
      ['clip', 0, 'matched'],
      ['catlip', 1, 'matched'],
      ['clip', 1, 'matched'],
      ['catlip', 2, 'matched'],
      ['clip', 2, 'matched'],
    ]);
  });

  it("shows the engine's validation messages at the cost fields and stays on the step", async () => {
    install({
      'cost:settings:set': () => {
        throw new ApiError(
          'invalid-request',
          'cost:settings:set: plan.gpus: Too small: expected number to be >0; gpuCostPerHour: Too small: expected number to be >=0',
        );
      },
    });
    render(Wizard);
    await screen.findByRole('radio', { name: /demo-emoji/ });
    await next();
    await waitFor(() =>
      expect((screen.getByRole('spinbutton', { name: 'Minimum count' }) as HTMLInputElement).value).toBe('3'),
    );
    for (let i = 0; i < 5; i++) await next();
    await heading('Cost');
    await fireEvent.input(await screen.findByRole('spinbutton', { name: 'GPUs' }), { target: { value: '0' } });
    await next();
    await waitFor(() =>
      expect(document.querySelector('[data-field="plan.gpus"]')?.textContent).toBe(
        'Too small: expected number to be >0',
      ),
    );
    expect(document.querySelector('[data-field="gpuCostPerHour"]')?.textContent).toBe(
      'Too small: expected number to be >=0',
    );
    expect(screen.getByRole('spinbutton', { name: 'GPUs' }).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Cost');
  });

  it('stays on the vocabulary step when the build fails', async () => {
    install({
      'vocab:build': () => {
        throw new ApiError('not-found', 'no captions in "demo-emoji"');
      },
    });
    render(Wizard);
    await screen.findByRole('radio', { name: /demo-emoji/ });
    await next();
    await heading('Vocabulary');
    await next();
    expect((await screen.findByRole('alert')).textContent).toContain('no captions in "demo-emoji"');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Vocabulary');
  });
});

/** The engine's provenance shape: an import that declared nothing, and what the user entered. */
function provenance(dataset: string, licence: string | null, notes: string | null): Response<'datasets:provenance'> {
  return {
    dataset,
    state: licence ? 'entered' : 'unknown',
    licences: licence ? [licence] : [],
    non_commercial: /NC/.test(licence ?? ''),
    entered_licence: licence,
    consent_notes: notes,
    imports: [
      {
        import: 1,
        source_path: '/data/demo',
        format: 'emoji',
        imported_at: '2026-12-01T00:00:00Z',
        status: 'completed',
        licences: [],
        hosts: [],
        files: [],
      },
    ],
  };
}
