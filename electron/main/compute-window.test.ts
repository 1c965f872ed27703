import { describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { selectBackend } from '../engine/training/backends.js';
import { serveComputeSession } from '../engine/training/session/compute-handler.js';
import type { MessagePortLike } from '../engine/training/session/message-port.js';
import { RemoteModelSession } from '../engine/training/session/remote-model-session.js';
import { TINY_CLASSES, TINY_CONFIG } from '../engine/training/session/tiny-session.fixture.js';
import { utilityProcessTrainerHost } from '../engine/training/trainer-side-transport.js';
import type { TrainerLaunchReply } from '../engine/training/launch-protocol.js';
import { FakeMessagePort, FakeUtilityProcessApi, until } from '../../test/electron/fake-electron.js';
import { COMPUTE_PORT_CHANNEL, COMPUTE_URL, computeWindowOptions, type ComputeWindowLike } from './compute-window.js';
import { TrainerForker } from './trainer-forker.js';

/** A BrowserWindow as far as the compute window uses it: records what it loads and the ports it is sent. */
class FakeComputeWindow implements ComputeWindowLike<FakeMessagePort> {
  url?: string;
  destroyed = false;
  readonly sent: { channel: string; ports: FakeMessagePort[] }[] = [];
  private goneListener?: (event: unknown, details: { reason: string; exitCode: number }) => void;
  constructor(
    readonly options: BrowserWindowConstructorOptions,
    private readonly loadError?: Error,
  ) {}
  async loadURL(url: string) {
    this.url = url;
    if (this.loadError) throw this.loadError;
  }
  destroy() {
    this.destroyed = true;
  }
  isDestroyed() {
    return this.destroyed;
  }
  webContents = {
    postMessage: (channel: string, _message: unknown, ports: FakeMessagePort[]) =>
      void this.sent.push({ channel, ports }),
    on: (
      _event: 'render-process-gone',
      listener: (event: unknown, details: { reason: string; exitCode: number }) => void,
    ) => void (this.goneListener = listener),
  };
  crash(reason: string, exitCode: number) {
    this.goneListener?.({}, { reason, exitCode });
  }
}

function setup(options: { loadError?: Error; withWindows?: boolean } = {}) {
  const api = new FakeUtilityProcessApi();
  const windows: FakeComputeWindow[] = [];
  const replies: TrainerLaunchReply[] = [];
  const forker = new TrainerForker<FakeMessagePort>({
    ...api,
    trainerEntry: '/app/trainer-process.js',
    home: '/data',
    replyToEngine: (message) => void replies.push(message),
    computeWindow:
      options.withWindows === false
        ? undefined
        : {
            createWindow: (o) => {
              const w = new FakeComputeWindow(o, options.loadError);
              windows.push(w);
              return w;
            },
            preloadPath: '/app/preload/compute.cjs',
          },
  });
  forker.fork({ type: 'trainer:fork', launch: 1, home: '/data', runId: 4 });
  const child = api.forked[0];
  // the trainer's side, as trainer-process.ts sets it up on process.parentPort
  return { child, windows, replies, trainerHost: utilityProcessTrainerHost(child.parentPort) };
}

describe('compute window (main)', () => {
  it('is hidden, isolated, sandboxed, without Node, with its own preload, and not throttled', () => {
    const o = computeWindowOptions('/app/preload/compute.cjs');
    expect(o.show).toBe(false);
    expect(o.webPreferences).toMatchObject({
      preload: '/app/preload/compute.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      backgroundThrottling: false,
    });
    expect(COMPUTE_URL).toBe('app://catlip/compute.html');
  });

  it('opens when a trainer asks, joins trainer and page by one channel that carries the model session, closes when the trainer exits', async () => {
    const { child, windows, trainerHost } = setup();
    const host = await trainerHost;
    const connection = await host.openCompute!();
    expect(windows).toHaveLength(1);
    const [window] = windows;
    expect(window.url).toBe(COMPUTE_URL);
    expect(window.options.show).toBe(false);
    expect(window.sent).toHaveLength(1);
    expect(window.sent[0].channel).toBe(COMPUTE_PORT_CHANNEL);
    const pagePort = window.sent[0].ports[0];
    expect(child.received.map((r) => (r.message as { type: string }).type)).toEqual([
      'trainer:connect',
      'trainer:compute-port',
    ]);
    expect(child.received[1].transfer[0].peer).toBe(pagePort); // trainer ↔ page directly, not through main

    // the page's end served as the compute page does (cpu here): the trainer builds the model over it
    // (a DOM MessagePort in the real page; the fake's on('message') delivers {data} as MessagePortMain does)
    serveComputeSession(pagePort as unknown as MessagePortLike, {
      activate: async () => (await selectBackend('cpu'), { backend: 'cpu', device: 'fake page', software: false }),
    });
    const session = await RemoteModelSession.open(connection, { config: TINY_CONFIG, numClasses: TINY_CLASSES });
    expect(session.device.device).toBe('fake page');
    expect(session.parameters).toBeGreaterThan(1000);
    expect(child.received).toHaveLength(2); // the session's traffic never went through main

    child.exit(0);
    await until(() => window.destroyed, 'the window closing with its trainer');
  });

  it("fails the trainer's model session with the reason when the window's renderer process dies", async () => {
    const { windows, trainerHost } = setup();
    const connection = await (await trainerHost).openCompute!();
    const reasons: string[] = [];
    connection.onGone!((r) => reasons.push(r));
    windows[0].crash('gpu-dead', 133);
    await until(() => reasons.length === 1, 'the compute-gone report');
    expect(reasons[0]).toMatch(/compute window \(WebGPU\) stopped.*gpu-dead, exit code 133.*resume the run/);
    expect(windows[0].destroyed).toBe(true);
  });

  it('tells the trainer when the page does not load, when the app has no compute window, and refuses a second window', async () => {
    const broken = setup({ loadError: new Error('ERR_FILE_NOT_FOUND') });
    await expect((await broken.trainerHost).openCompute!()).rejects.toThrow(
      'the compute window did not load: ERR_FILE_NOT_FOUND',
    );
    expect(broken.windows[0].destroyed).toBe(true);

    const none = setup({ withWindows: false });
    await expect((await none.trainerHost).openCompute!()).rejects.toThrow(
      'this app was started without a compute window',
    );

    const twice = setup();
    const host = await twice.trainerHost;
    await host.openCompute!();
    await expect(host.openCompute!()).rejects.toThrow('this trainer already has a compute window');
    expect(twice.windows).toHaveLength(1);
  });
});
