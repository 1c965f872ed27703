import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/index.svelte.ts';
import type { RequestInput, Response, TrainRequestInput } from '../api/contract.ts';
import { resetPilot, runEvaluations } from '../lib/pilot.svelte.ts';
import { store } from '../lib/pilot/pilot-store.svelte.ts';
import { fakeApi, installFake, runDetail, runSummary, type FakeApi } from '../test/fake-api.ts';
import Compare from './Compare.svelte';

describe('Compare screen', () => {
  const catlip = runSummary({ run: 5, images_per_second: 25, step_ms: { data: 40, compute: 600 } });
  const clip = runSummary({
    run: 6,
    objective: 'clip',
    images_per_second: 10,
    step_ms: { data: 40, compute: 1560 },
    final_loss: 2.9,
  });
  const older = runSummary({ run: 2, objective: 'clip', status: 'cancelled', steps: 1 });

  let fake: FakeApi;
  let stored: Response<'eval:list'>;
  let gate: Promise<void> | null;
  beforeEach(() => {
    setLocale('en');
    stored = [];
    gate = null;
    fake = installFake(
      fakeApi({
        'runs:list': () => [older, catlip, clip],
        'runs:get': ({ run }) =>
          runDetail(
            [older, catlip, clip].find((r) => r.run === run)!,
            run === 5 ? [250, 230, 240] : [3.1, 3.0, 2.9],
          ),
        'eval:list': (req) => stored.filter((e) => e.run === req?.run),
        'eval:run': async (req) => {
          if (gate) await gate;
          const e = evaluation(req, stored.length + 1);
          stored.push(e);
          return e;
        },
        'datasets:list': () => [dataset('demo-emoji', 'captions'), dataset('demo-emoji-categories', 'labelled')],
        'cost:compare': (req) => comparison(req),
        // the Try it panel lists each run's saved models
        'models:list': () => [],
      }),
    );
  });
  afterEach(() => {
    delete window.catlip;
  });

  it('shows the table first with the measured speed-up', async () => {
    render(Compare, { props: { catlip: null, baseline: null } });
    const speed = await screen.findByTestId('speedup');
    expect(speed.textContent).toContain('2.50×');
    expect(speed.textContent).toContain('CatLIP trained at 25 images/s, CLIP at 10 images/s');
    const table = screen.getByTestId('compare-table');
    const row = (name: string) => within(table).getByRole('rowheader', { name }).closest('tr')!.textContent;
    expect(row('Time per step (ms)')).toContain('640');
    expect(row('Time per step (ms)')).toContain('1,600');
    expect(row('Best loss')).toContain('230');
    expect(row('Images per second')).toMatch(/25.*10/);
    // the latest completed baseline is preselected, not the cancelled one
    expect((screen.getByRole('combobox', { name: 'Baseline run' }) as HTMLSelectElement).value).toBe('6');
    expect((await screen.findByTestId('accuracy-none')).textContent).toContain('not been evaluated yet');
    expect(screen.queryByText(/Caution/)).toBeNull();
  });

  it('warns when the selected runs are not like-for-like or incomplete', async () => {
    render(Compare, { props: { catlip: 5, baseline: 2 } });
    await screen.findByTestId('speedup');
    expect(screen.getByText(/Run 2 is cancelled; its figures cover 1 of 3 steps/)).toBeTruthy();
  });

  it('is in Japanese when the UI is', async () => {
    setLocale('ja');
    render(Compare, { props: { catlip: 5, baseline: 6 } });
    const speed = await screen.findByTestId('speedup');
    expect(speed.textContent).toContain('2.50 倍');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('比較');
    expect((await screen.findByTestId('cost-measured')).textContent).toContain('未測定');
    expect(screen.getByTestId('cost').textContent).toContain('時間とコスト');
  });

  it('runs the evaluations on a labelled set with progress, then shows top-1 side by side', async () => {
    render(Compare, { props: { catlip: 5, baseline: 6 } });
    const button = await screen.findByRole('button', { name: 'Evaluate on a labelled dataset' });
    await waitFor(() =>
      expect((screen.getByRole('combobox', { name: 'Labelled dataset' }) as HTMLSelectElement).value).toBe(
        'demo-emoji-categories',
      ),
    );
    let open!: () => void;
    gate = new Promise((r) => (open = r));
    await fireEvent.click(button);
    const bar = await screen.findByRole('progressbar');
    expect(bar.getAttribute('aria-label')).toBe('Evaluation 1 of 11: CatLIP #5, Linear probe');
    fake.emit('eval:progress', { run: 5, dataset: 'demo-emoji-categories', phase: 'features', done: 5, total: 10 });
    await screen.findByText('extracting features');
    expect(Number(bar.getAttribute('aria-valuenow'))).toBeCloseTo((100 * 0.5) / 11, 0);
    open();
    await waitFor(() => expect(fake.calls.filter((c) => c.channel === 'eval:run')).toHaveLength(11));
    const runs = fake.calls.filter((c) => c.channel === 'eval:run').map((c) => c.request);
    const d = 'demo-emoji-categories';
    const finetune = (run: number, init: string, fraction: number) => ({
      run,
      dataset: d,
      method: 'finetune',
      init,
      fraction,
      epochs: 5,
    });
    expect(runs).toEqual([
      { run: 5, dataset: d, method: 'linear-probe', init: 'random' },
      { run: 6, dataset: d, method: 'linear-probe', init: 'random' },
      { run: 5, dataset: d, method: 'linear-probe', init: 'transfer' },
      finetune(5, 'random', 0.01),
      finetune(6, 'random', 0.01),
      finetune(5, 'transfer', 0.01),
      finetune(5, 'random', 0.1),
      finetune(6, 'random', 0.1),
      finetune(5, 'transfer', 0.1),
      { run: 5, dataset: d, method: 'zero-shot' },
      { run: 6, dataset: d, method: 'zero-shot' },
    ]);
    const table = await screen.findByTestId('accuracy-table');
    await waitFor(() => expect(table.querySelectorAll('tbody tr[data-method]')).toHaveLength(7));
    const rowsOf = (method: string, init: string) =>
      [...table.querySelectorAll(`tr[data-method="${method}"][data-init="${init}"]`)].map((tr) => tr.textContent!);
    const row = (method: string, init: string) => rowsOf(method, init)[0];
    expect(row('linear-probe', 'random')).toMatch(/Linear probe.*Random.*100%.*61%.*90%.*41%/);
    // Transfer Init is CatLIP's alone: the baseline side says so instead of showing a number
    expect(row('linear-probe', 'transfer')).toContain('not evaluated');
    // fine-tunes at 10% and 1% of the labels, from each start; Transfer Init beats random at 1% here
    expect(rowsOf('finetune', 'random')).toEqual([
      expect.stringMatching(/Fine-tune.*Random.*10%.*55%.*90%.*50%/),
      expect.stringMatching(/Fine-tune.*Random.*1%.*35%.*90%.*30%/),
    ]);
    expect(rowsOf('finetune', 'transfer')[1]).toMatch(/Fine-tune.*Transfer Init.*1%.*45%.*not evaluated/);
    expect(row('zero-shot', 'none')).toContain('flag');
    expect(screen.getByTestId('zero-shot-note').textContent).toContain(
      "CatLIP's zero-shot, which scores a class by its synsets in the pre-training head, is this app's extension, not a result of the CatLIP paper",
    );
    // converged probes from both starts agree, and the screen says so
    expect(screen.getByTestId('probe-agreement').textContent).toContain(
      'Linear probe on demo-emoji-categories: Random and Transfer Init give the same top-1 (61%)',
    );
    // the probe's L2 strength and convergence, Transfer Init's scale, the warm-up and the zero-shot correction in a row under each result
    const detail = (key: string) =>
      [...table.querySelectorAll(`tr[data-detail-for="${key}"] td`)].map((td) => td.textContent!.trim());
    expect(detail('linear-probe/random')).toEqual([
      '',
      'L2 0.001 · converged',
      'L2 0.001 · not converged (1,000 iterations)',
    ]);
    expect(detail('linear-probe/transfer')).toEqual(['', 'L2 0.001 · converged · transferred rows × 0.25', '']);
    expect(detail('finetune/transfer/0.01')).toEqual(['', 'transferred rows × 0.25 · head-only warm-up 2 steps', '']);
    expect(detail('zero-shot/none')).toEqual([
      '',
      'calibrated on 30 unlabelled downstream images (uncorrected 10%)',
      '',
    ]);
    // what the mapping makes impossible, under CatLIP's zero-shot
    const warning = table.querySelector('tr[data-warning-for="zero-shot/none"]')!.textContent!;
    expect(warning).toContain('Not informative for flag: no synset in this vocabulary (never predicted)');
    expect(warning).toContain(
      'Not informative for cat, kitten: they share synset cat.n.01 (only the first can be predicted)',
    );
    expect(warning).toContain('At most 50% top-1 is reachable through this vocabulary.');
    expect(screen.getByTestId('accuracy-chart')).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it("shows the pilot's planned evaluations as they finish in the background, while it is open", async () => {
    const train = { dataset: 'demo-emoji', model: 'vit-tiny', steps: 3, batch: 8 } as TrainRequestInput;
    store.pilot = {
      id: 'p1',
      createdAt: '2026-12-04T00:00:00Z',
      runs: [
        { objective: 'catlip', request: { ...train, objective: 'catlip' }, run: 5, status: 'completed' },
        { objective: 'clip', request: { ...train, objective: 'clip' }, run: 6, status: 'completed' },
      ],
      state: 'done',
      stoppedBy: null,
      evaluationPlan: {
        dataset: 'demo-emoji-categories',
        methods: ['linear-probe'],
        fractions: [1],
        transferInit: false,
      },
    };
    try {
      render(Compare, { props: { catlip: 5, baseline: 6 } });
      await screen.findByTestId('accuracy-none');
      await runEvaluations();
      const table = await screen.findByTestId('accuracy-table');
      await waitFor(() =>
        expect(table.querySelectorAll('tr[data-method="linear-probe"][data-init="random"] td.top1')).toHaveLength(2),
      );
      expect(fake.calls.filter((c) => c.channel === 'eval:run')).toHaveLength(2);
    } finally {
      resetPilot();
    }
  });

  it('shows how sure the comparison is, and compares runs on different hardware only when allowed, with a warning', async () => {
    render(Compare, { props: { catlip: 5, baseline: 6 } });
    const sure = await screen.findByTestId('uncertainty');
    expect(sure.textContent).toContain('One seed: the speed-up has no interval');
    expect(sure.textContent).toMatch(
      /Accuracy, Linear probe on demo-emoji-categories \(Random, 100% of labels\): CatLIP − baseline \+3\.5 pt, 95% interval −21\.0 to \+28\.0 pt/,
    );
    expect(sure.textContent).toContain('bootstrap over the test images, one seed');
    expect(sure.textContent).toContain('within noise');
    expect(screen.queryByRole('alert')).toBeNull();
    await fireEvent.click(screen.getByRole('checkbox', { name: /Allow runs on different hardware/ }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain('the speed-up mixes hardware and objective'),
    );
    const last = fake.calls.filter((c) => c.channel === 'cost:compare').at(-1)!.request as RequestInput<'cost:compare'>;
    expect(last.allowMismatch).toBe(true);
  });

  it('shows the measured cost, re-queries with the form and lists what the projection is missing', async () => {
    render(Compare, { props: { catlip: 5, baseline: 6 } });
    const measured = await screen.findByTestId('cost-measured');
    const row = (name: string) => within(measured).getByRole('rowheader', { name }).closest('tr')!.textContent!;
    expect(row('images/s (wall time)')).toMatch(/25.*10/);
    expect(row('Energy (kWh)')).toContain('not measured');
    expect(row('GPU cost')).toContain('no price set');
    expect(screen.getByTestId('cost-missing').textContent).toContain('plan images (--plan-images N)');
    expect(screen.getByTestId('cost-warnings').textContent).toContain('CPU run');
    // no price yet: the pilot chart shows GPU-hours; no plan yet: no projection chart
    expect(screen.getByTestId('cost-pilot-chart').querySelector('canvas')!.getAttribute('aria-label')).toBe(
      'Pilot GPU-hours',
    );
    expect(screen.queryByTestId('cost-projection-chart')).toBeNull();

    await fireEvent.input(screen.getByRole('spinbutton', { name: 'GPU cost per hour' }), { target: { value: '300' } });
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Images (full scale)' }), {
      target: { value: '1000000' },
    });
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Epochs' }), { target: { value: '2' } });
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'GPUs' }), { target: { value: '8' } });
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Bandwidth per GPU (GB/s)' }), {
      target: { value: '50' },
    });
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'GPU memory (GiB, to fit each objective’s batch)' }), {
      target: { value: '80' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Save as default' }));
    const projection = screen.getByTestId('cost-projection');
    await waitFor(() => expect(projection.textContent).toContain('Projected speed-up'));
    const last = fake.calls.filter((c) => c.channel === 'cost:compare').at(-1)!.request as RequestInput<'cost:compare'>;
    expect(last).toEqual({
      runs: [5, 6],
      save: true,
      allowMismatch: false,
      repeats: [],
      settings: {
        gpuCostPerHour: 300,
        currency: 'JPY',
        plan: {
          images: 1000000,
          epochs: 2,
          gpus: 8,
          bandwidthGBps: 50,
          perGpuBatch: null,
          gpuMemoryGB: 80,
          baselineGpus: null,
        },
        electricityPerKwh: null,
        tco: {
          engineerRatePerHour: null,
          setupHours: null,
          dataPreparationHours: null,
          supervisionHours: null,
          supervisionHoursPerTraining: null,
          migrationHours: null,
          hardwarePricePerGpu: null,
          amortisationYears: null,
          utilisation: null,
          powerWattsPerGpu: null,
          storagePerTbMonth: null,
          storageTb: null,
        },
      },
    });
    expect(projection.textContent).toContain('¥1,200 – ¥1,800');
    expect(screen.getByTestId('cost-projection-chart').querySelector('canvas')!.getAttribute('aria-label')).toBe(
      'Projected full-scale cost, low–high (JPY)',
    );
    expect(screen.getByTestId('cost-pilot-chart').querySelector('canvas')!.getAttribute('aria-label')).toBe(
      'Pilot GPU cost (JPY)',
    );
    expect(projection.textContent).toContain('2.40× – 2.60×');
    expect(projection.textContent).toContain('throughput at scale ±20%');
    // each side's GPUs, per-GPU batch with where it comes from, and estimated memory
    expect(within(projection).getByTestId('projection-batch').textContent).toMatch(
      /128 \(the pilot’s\).*128 \(the pilot’s\)/,
    );
    expect(
      within(projection).getByRole('rowheader', { name: 'Memory per GPU (estimate)' }).closest('tr')!.textContent,
    ).toContain('0.5 GiB');
    expect(screen.getByText('Saved as the default prices and plan.')).toBeTruthy();
    expect(row('GPU cost')).toContain('¥3');
  });

  it("sends the total-cost-of-ownership inputs and shows cloud and on-premises side by side with each figure's basis", async () => {
    render(Compare, { props: { catlip: 5, baseline: 6 } });
    await screen.findByTestId('cost-measured');
    expect(screen.getByTestId('tco-missing').textContent).toContain('engineer rate per hour (--engineer-rate)');
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Engineer rate per hour' }), {
      target: { value: '5000' },
    });
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Pilot set-up (hours)' }), { target: { value: '8' } });
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'On-premises: utilisation (0–1)' }), {
      target: { value: '0.6' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Recalculate' }));
    const tco = screen.getByTestId('cost-tco');
    await waitFor(() => expect(tco.querySelector('table')).toBeTruthy());
    const last = fake.calls.filter((c) => c.channel === 'cost:compare').at(-1)!.request as RequestInput<'cost:compare'>;
    expect(last.settings?.tco).toMatchObject({
      engineerRatePerHour: 5000,
      setupHours: 8,
      utilisation: 0.6,
      migrationHours: null,
    });
    const row = (name: string) => within(tco).getByRole('rowheader', { name }).closest('tr')!.textContent!;
    expect(
      within(tco)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Measure', 'Cloud', 'On-premises']);
    expect(row('Pilot')).toContain('¥40,000 (entered)');
    expect(row('Saving per full-scale training')).toContain('¥100,000 – ¥150,000 (projected)');
    expect(row('Break-even (full-scale trainings)')).toMatch(/2–3.*3 or more/);
  });
});

function dataset(name: string, kind: 'captions' | 'labelled') {
  return {
    name,
    kind,
    format: 'imagefolder',
    source_path: '/x',
    image_size: 32,
    items: 10,
    images: 10,
    classes: 2,
    splits: { train: 8, test: 2 },
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
  };
}

function evaluation(req: RequestInput<'eval:run'>, id: number): Response<'eval:run'> {
  const fraction = req.fraction ?? 1;
  const finetuned = (random: number, transfer: number) => (req.init === 'transfer' ? transfer : random);
  const top1 =
    req.method === 'zero-shot'
      ? 0.2
      : req.method === 'finetune'
        ? req.run === 5
          ? fraction === 0.1
            ? finetuned(0.55, 0.57)
            : finetuned(0.35, 0.45)
          : fraction === 0.1
            ? 0.5
            : 0.3
        : req.run === 5
          ? 0.61
          : 0.41;
  const zeroShot = {
    zero_shot_correction: 'downstream-calibration',
    uncorrected_top1: 0.1,
    calibration_images: 30,
    reachable_top1: 0.5,
    zero_shot_warnings: [
      { kind: 'no-synset' as const, classes: ['flag'] },
      { kind: 'shared-synset' as const, classes: ['cat', 'kitten'], synsets: ['cat.n.01'] },
    ],
  };
  return {
    evaluation: id,
    run: req.run,
    dataset: req.dataset,
    method: req.method ?? 'linear-probe',
    init: req.init ?? 'none',
    fraction,
    seed: 0,
    top1,
    top5: req.method === 'zero-shot' ? null : 0.9,
    per_class: {},
    classes: ['a', 'b'],
    confusion: [
      [1, 0],
      [0, 1],
    ],
    unmatched_classes: req.method === 'zero-shot' ? ['flag'] : [],
    train_items: 8,
    test_items: 2,
    backend: 'cpu',
    seconds: 1,
    // how each number was reached, as the engine stores it
    details:
      req.method === 'zero-shot'
        ? req.run === 5
          ? zeroShot
          : undefined
        : req.method === 'finetune'
          ? req.init === 'transfer'
            ? { transfer_scale: 0.25, head_warmup_steps: 2 }
            : undefined
          : {
              probe: { l2: 0.001, l2_chosen_by: 'validation', converged: req.run === 5, iterations: 1000 },
              ...(req.init === 'transfer' ? { transfer_scale: 0.25 } : {}),
            },
  };
}

function measured(run: number, objective: 'catlip' | 'clip', ips: number, price: number | null) {
  return {
    run,
    objective,
    dataset: 'demo-emoji',
    encoder: { model: 'vit-tiny' as const, imageSize: 32, patchSize: 4 },
    batch: 16,
    status: 'completed' as const,
    backend: 'cpu',
    device: 'Test CPU',
    accelerator: 'cpu' as const,
    accelerator_reason: 'cpu backend',
    steps: 3,
    images: 48,
    seconds: { data: 1, compute: 4, checkpoint: 0.5, wall: 5.5 },
    share: { data: 0.18, compute: 0.73, checkpoint: 0.09 },
    images_per_second: ips,
    compute_images_per_second: ips * 1.2,
    compute_seconds_per_image: 0.1,
    wall_seconds_per_image: 0.2,
    gpus: 1,
    gpu_hours: 0.01,
    energy_kwh: 'not measured' as const,
    energy_kwh_per_image: null,
    gpu_cost: price === null ? null : 3,
    energy_cost: null,
  };
}

function comparison(req: RequestInput<'cost:compare'>): Response<'cost:compare'> {
  const price = req.settings?.gpuCostPerHour ?? null;
  const plan = {
    images: null,
    epochs: null,
    gpus: null,
    bandwidthGBps: null,
    perGpuBatch: null,
    ...req.settings?.plan,
  };
  const settings = {
    currency: req.settings?.currency ?? 'JPY',
    gpuCostPerHour: price,
    electricityPerKwh: null,
    plan,
    embeddingPrecision: 'bf16' as const,
    throughputVariation: 0.2,
    bandwidthEfficiency: { low: 0.5, high: 0.8 },
  };
  const label = 'projection (model from the pilot, not a measurement)' as const;
  const r = (low: number, high: number) => ({ low, high });
  const proj = (run: number, objective: 'catlip' | 'clip') => ({
    run,
    objective,
    images: 2e6,
    gpus: 1,
    per_gpu_batch: 128,
    per_gpu_batch_basis: 'pilot' as const,
    memory_gib_per_gpu: 0.5,
    global_batch: 128,
    steps: 15625,
    compute_hours: { ...r(4, 6), at_pilot_rate: 5 },
    communication: null,
    wall_hours: r(4, 6),
    gpu_hours: r(4, 6),
    gpu_cost: r(1200, 1800),
    energy_kwh: 'not measured' as const,
    energy_cost: null,
    total_cost: r(1200, 1800),
    total_cost_text: '¥1,200–¥1,800',
    cost_notes: [],
  });
  return {
    runs: { catlip: 5, baseline: 6 },
    measured: { catlip: measured(5, 'catlip', 25, price), baseline: measured(6, 'clip', 10, price) },
    projected:
      plan.images === null
        ? { label, missing: ['plan images (--plan-images N)', 'plan epochs (--plan-epochs E)'] }
        : {
            label,
            catlip: proj(5, 'catlip'),
            baseline: proj(6, 'clip'),
            speedup: r(2.4, 2.6),
            inputs: {},
            assumptions: ['throughput at scale ±20%'],
          },
    speedup: { measured: { wall: 2.5, compute: 2.6 }, projected: plan.images === null ? null : r(2.4, 2.6) },
    settings,
    warnings: ['run 5 is a CPU run: its GPU-hours are CPU hours'],
    hardware_mismatch: req.allowMismatch
      ? { catlip: { backend: 'cpu', device: 'Test CPU' }, baseline: { backend: 'webgpu', device: 'Test GPU' } }
      : null,
    repeats: {
      pairs: [[5, 6]],
      speedup: { wall: null, compute: null },
      speedup_within_noise: null,
      accuracy: [
        {
          dataset: 'demo-emoji-categories',
          method: 'linear-probe',
          init: 'random',
          fraction: 1,
          catlip: 0.82,
          baseline: 0.785,
          within_noise: true,
          difference: { mean: 0.035, low: -0.21, high: 0.28, n: 1, method: 'bootstrap-over-test-images' as const },
        },
      ],
    },
    tco: tcoOf(req),
  };
}

/** The engine's TCO shape with hand-picked values: priced once an engineer rate is sent. */
function tcoOf(req: RequestInput<'cost:compare'>): NonNullable<Response<'cost:compare'>['tco']> {
  const fig = (low: number, high: number, basis: 'measured' | 'entered' | 'projected') => ({ low, high, basis });
  const none = { setup: null, data_preparation: null, supervision: fig(0.003, 0.003, 'measured') };
  if (!req.settings?.tco?.engineerRatePerHour) {
    return {
      currency: 'JPY',
      engineer_hours: none,
      deployments: [],
      missing: ['engineer rate per hour (--engineer-rate)', 'pilot set-up hours (--setup-hours)'],
      notes: [],
    };
  }
  const items = (total: ReturnType<typeof fig>) => ({
    gpu: total,
    energy: null,
    engineers: total,
    storage: null,
    total,
  });
  const deployment = (d: 'cloud' | 'on-premises', high: number | null) => ({
    deployment: d,
    gpu_rate_per_hour: fig(300, 300, 'entered'),
    pilot: items(fig(40000, 40000, 'entered')),
    full_scale: { catlip: items(fig(200000, 250000, 'projected')), baseline: items(fig(300000, 400000, 'projected')) },
    saving: fig(100000, 150000, 'projected'),
    investment: fig(240000, 240000, 'entered'),
    break_even: { low: high === null ? 3 : 2, high },
  });
  return {
    currency: 'JPY',
    engineer_hours: none,
    deployments: [deployment('cloud', 3), deployment('on-premises', null)],
    missing: [],
    notes: [],
  };
}
