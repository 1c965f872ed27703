import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors.ts';
import type { Response } from '../api/contract.ts';
import { setLocale } from '../i18n/index.svelte.ts';
import { fakeApi, installFake, runSummary } from '../test/fake-api.ts';
import Home from './Home.svelte';

const imported = (dataset: string, items: number) => ({
  dataset,
  import: 1,
  format: 'emoji',
  items,
  images: items,
  already_present: 0,
  duplicates: 0,
  skipped: [],
  skipped_count: 0,
  status: 'completed' as const,
  seconds: 3,
  images_per_second: 600,
  totals: { items, images: items, classes: 0 },
});

const status = (over: Partial<Response<'system:status'>> = {}): Response<'system:status'> => ({
  app_version: '0.1.0',
  node: '20.20.2',
  platform: 'linux',
  arch: 'x64',
  cpu: { model: 'Test CPU', cores: 2 },
  memory_gb: 24,
  home: '/data/home',
  backends: [
    {
      name: 'tensorflow',
      available: false,
      device: '',
      hardware: null,
      note: 'tensorflow: @tensorflow/tfjs-node-gpu is not installed',
    },
    { name: 'webgpu', available: true, device: 'nvidia: NVIDIA: 580.159.04', hardware: true, note: '' },
    {
      name: 'cpu',
      available: true,
      device: 'Test CPU (2 cores, tfjs cpu backend)',
      hardware: null,
      note: 'wasm: excluded',
    },
  ],
  recommended: { backend: 'webgpu', device: 'nvidia: NVIDIA: 580.159.04', reason: 'WebGPU found a GPU adapter' },
  gpus: [{ name: 'NVIDIA H100 80GB HBM3', driver: '580.159.04', memory_mb: 81559 }],
  gpu_note: '',
  compute_window: false,
  ...over,
});

describe('Home screen', () => {
  beforeEach(() => setLocale('en'));
  afterEach(() => {
    delete window.catlip;
  });

  it('lists recent runs, newest first, with status and device', async () => {
    installFake(
      fakeApi({
        'runs:list': () => [
          runSummary({ run: 1 }),
          runSummary({ run: 2, objective: 'clip', status: 'running', device: 'NVIDIA H100' }),
        ],
      }),
    );
    render(Home);
    const rows = await screen.findAllByRole('row');
    expect(rows.slice(1).map((r) => r.getAttribute('data-run'))).toEqual(['2', '1']);
    expect(rows[1]!.textContent).toContain('CLIP');
    expect(rows[1]!.textContent).toContain('running');
    expect(screen.getByText('The last run used cpu on NVIDIA H100.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'New pilot' }).getAttribute('href')).toBe('#/new');
  });

  it('imports the demo data with progress from import:progress events', async () => {
    let finish!: () => void;
    const api = installFake(
      fakeApi({
        'runs:list': () => [],
        'demo:prepare': () =>
          new Promise((resolve) => {
            finish = () =>
              resolve({
                captions: imported('demo-emoji', 1906),
                categories: imported('demo-emoji-categories', 1873),
                vocabulary: {
                  vocabulary: 1,
                  dataset: 'demo-emoji',
                  mode: 'paper',
                  min_count: 2,
                  min_count_default: true,
                  threshold: 'cc3m',
                  max_size: null,
                  size: 368,
                  captions: 1906,
                  coverage: 0.7,
                  labels_per_caption: 1.1,
                  synset_classes: 368,
                  lemma_classes: 0,
                  synset_coverage: 0.7,
                  top: [],
                  seconds: 0.1,
                },
              });
          }),
      }),
    );
    render(Home);
    expect(await screen.findByText(/No runs yet/)).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Import demo data' }));
    expect(screen.getByRole('progressbar')).toBeTruthy();
    api.emit('import:progress', {
      dataset: 'demo-emoji',
      processed: 950,
      items: 940,
      skipped: 10,
      items_per_second: 400,
      seconds: 2.4,
      fraction: 0.5,
      eta_seconds: 2.4,
    });
    await waitFor(() => expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50'));
    expect(screen.getByText(/950 read · 940 added · 10 skipped/)).toBeTruthy();
    expect(screen.getByText('about 2.4 sec left')).toBeTruthy();
    finish();
    const done = await screen.findByTestId('demo-result');
    expect(done.textContent).toContain('1,906 captioned images in “demo-emoji”');
    expect(done.textContent).toContain('a vocabulary of 368 synsets');
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('cancels the demo import it shows progress of', async () => {
    let fail!: (e: unknown) => void;
    const api = installFake(
      fakeApi({
        'runs:list': () => [],
        'system:status': () => status(),
        'demo:prepare': () => new Promise((_, reject) => (fail = reject)),
        'datasets:import:cancel': () => {
          fail(
            new ApiError(
              'cancelled',
              'demo import cancelled: 940 items kept in "demo-emoji"; import the demo data again to complete it',
            ),
          );
          return { cancelled: true };
        },
      }),
    );
    render(Home);
    await fireEvent.click(await screen.findByRole('button', { name: 'Import demo data' }));
    api.emit('import:progress', {
      dataset: 'demo-emoji',
      processed: 950,
      items: 940,
      skipped: 10,
      items_per_second: 400,
      seconds: 2.4,
      fraction: 0.5,
      eta_seconds: 2.4,
    });
    await fireEvent.click(await screen.findByRole('button', { name: 'Cancel import' }));
    expect(api.calls.find((c) => c.channel === 'datasets:import:cancel')?.request).toEqual({ dataset: 'demo-emoji' });
    expect((await screen.findByRole('alert')).textContent).toContain('940 items kept');
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('shows what went wrong and what to do, in Japanese too', async () => {
    installFake(
      fakeApi({
        'runs:list': () => {
          throw new ApiError('network', 'runs:list: the engine did not answer (Failed to fetch)');
        },
        'system:status': () => status(),
      }),
    );
    setLocale('ja');
    render(Home);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('発生した問題');
    expect(alert.textContent).toContain('Failed to fetch');
    expect(alert.textContent).toContain('catlip-pilot serve');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('ホーム');
  });
});

describe('Home compute panel', () => {
  beforeEach(() => setLocale('en'));
  afterEach(() => {
    delete window.catlip;
  });

  it('shows the GPU backend the machine trains on and the GPU nvidia-smi lists', async () => {
    installFake(fakeApi({ 'runs:list': () => [], 'system:status': () => status() }));
    render(Home);
    const recommended = await screen.findByTestId('recommended');
    expect(recommended.textContent).toContain('WebGPU');
    expect(recommended.textContent).toContain('NVIDIA: 580.159.04');
    expect(screen.getByText(/Training runs on the GPU\./)).toBeTruthy();
    expect(screen.getByText(/NVIDIA H100 80GB HBM3/).textContent).toContain('80 GiB');
    expect(screen.getByText(/tfjs-node-gpu is not installed/)).toBeTruthy();
  });

  it('says why there is no GPU and probes again on request', async () => {
    const api = installFake(
      fakeApi({
        'runs:list': () => [],
        'system:status': () =>
          status({
            backends: status().backends.map((b) =>
              b.name === 'webgpu'
                ? { ...b, available: false, device: '', hardware: null, note: 'webgpu: Dawn found no adapter' }
                : b,
            ),
            recommended: {
              backend: 'cpu',
              device: 'Test CPU (2 cores, tfjs cpu backend)',
              reason: 'no GPU backend is available',
            },
            gpus: [],
            gpu_note: 'nvidia-smi is not installed: no NVIDIA driver on this machine',
          }),
      }),
    );
    render(Home);
    expect(await screen.findByText(/No usable GPU found/)).toBeTruthy();
    expect(screen.getByText(/nvidia-smi is not installed/)).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    await waitFor(() =>
      expect(api.calls.filter((c) => c.channel === 'system:status').map((c) => c.request)).toEqual([
        { refresh: false },
        { refresh: true },
      ]),
    );
  });

  describe('in the desktop app, probes the WebGPU adapter the compute window would train on', () => {
    const appStatus = () =>
      status({
        backends: status().backends.map((b) =>
          b.name === 'webgpu'
            ? { ...b, available: false, device: '', hardware: null, note: 'webgpu: not used inside Electron 39' }
            : b,
        ),
        recommended: {
          backend: 'webgpu',
          device: "Chromium's WebGPU (the app's compute window)",
          reason: 'its adapter is checked when a run starts',
        },
        compute_window: true,
      });
    const withGpu = (adapter: unknown) =>
      Object.defineProperty(navigator, 'gpu', { configurable: true, value: { requestAdapter: async () => adapter } });
    afterEach(() => {
      delete (navigator as { gpu?: unknown }).gpu;
    });

    it('a hardware adapter: named, and training is said to run on the GPU', async () => {
      withGpu({ info: { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H200' } });
      installFake(fakeApi({ 'runs:list': () => [], 'system:status': appStatus }));
      render(Home);
      const adapter = await screen.findByTestId('adapter');
      await waitFor(() => expect(adapter.dataset.state).toBe('hardware'));
      expect(adapter.textContent).toContain('nvidia: hopper: NVIDIA H200');
      expect(screen.getByText(/Training runs on the GPU/)).toBeTruthy();
      expect(screen.queryByText(/Options:/)).toBeNull();
    });

    it('a software adapter: a warning with the alternatives', async () => {
      withGpu({
        info: {
          vendor: 'google',
          architecture: 'swiftshader',
          description: 'SwiftShader Device (Subzero)',
          isFallbackAdapter: true,
        },
      });
      installFake(fakeApi({ 'runs:list': () => [], 'system:status': appStatus }));
      render(Home);
      const adapter = await screen.findByTestId('adapter');
      await waitFor(() => expect(adapter.dataset.state).toBe('software'));
      expect(adapter.classList.contains('warn')).toBe(true);
      expect(adapter.textContent).toMatch(/only a software adapter: google: swiftshader: SwiftShader Device/);
      expect(adapter.textContent).toMatch(/tfjs-node-gpu.*CPU.*allow the software adapter/);
      expect(screen.getByText(/No usable GPU found/)).toBeTruthy();
    });

    it('no WebGPU at all: says so, with the alternatives', async () => {
      installFake(fakeApi({ 'runs:list': () => [], 'system:status': appStatus }));
      render(Home);
      const adapter = await screen.findByTestId('adapter');
      await waitFor(() => expect(adapter.dataset.state).toBe('none'));
      expect(adapter.textContent).toContain('navigator.gpu is missing');
      expect(adapter.textContent).toMatch(/Options:/);
    });
  });
});
