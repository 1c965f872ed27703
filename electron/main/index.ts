/**
 * Electron main process: glue only. The engine runs in a utility process (engine-process.ts) and its
 * trainers in utility processes main forks on its behalf (trainer-forker.ts); the UI in a sandboxed,
 * context-isolated window served from app://catlip/; the two talk through one validated IPC handler
 * generated from the shared channel map (ipc-bridge.ts).
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  MessageChannelMain,
  nativeTheme,
  Notification,
  screen,
  session,
  shell,
  utilityProcess,
  type MessagePortMain,
} from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { dataHome, homeMismatchWarning } from './data-home.js';
import { EngineProcess } from './engine-process.js';
import { DESKTOP_CHANNEL, desktopServices, parseDesktopRequest } from './desktop-services.js';
import { DesktopStateFile, restorableBounds, trackWindowState } from './desktop-state.js';
import { applyGpuSwitches } from './gpu-switches.js';
import { EVENT_CHANNEL, registerChannelHandlers, registerValidatedHandler } from './ipc-bridge.js';
import { RunNotifier } from './run-notifier.js';
import { TrainerMessageSchema } from '../shared/training.js';
import { buildMenu } from './menu.js';
import { APP_ORIGIN, isAppUrl, windowOptions } from './security.js';
import { guardWebContents } from './web-contents-guard.js';
import { denyUnusedPermissions } from './permission-guard.js';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/electron/main
const distDir = path.resolve(here, '..', '..');

// before 'ready': Chromium reads GPU switches when its GPU process starts
applyGpuSwitches(app.commandLine, process.platform);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  let window: BrowserWindow | undefined;
  let engine: EngineProcess<MessagePortMain> | undefined;
  let quitting = false;
  let desktopState: DesktopStateFile | undefined;

  const openWindow = () => {
    const state = (desktopState ??= new DesktopStateFile(path.join(app.getPath('userData'), 'desktop-state.json')));
    const bounds = restorableBounds(
      state.window?.bounds,
      screen.getAllDisplays().map((d) => d.workArea),
    );
    window = new BrowserWindow({
      ...windowOptions(path.join(distDir, 'electron', 'preload', 'index.cjs')),
      ...bounds,
      // no white flash before a dark page paints
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#0f172a' : '#ffffff',
    });
    trackWindowState(window, state);
    window.once('ready-to-show', () => window?.show());
    window.on('closed', () => {
      window = undefined;
      // trainers' hidden compute windows would keep 'window-all-closed' from firing; they close on quit
      if (process.platform !== 'darwin') app.quit();
    });
    void window.loadURL(`${APP_ORIGIN}/index.html`);
  };

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });

  app.on('web-contents-created', (_e, contents) => guardWebContents(contents, (url) => shell.openExternal(url)));

  app.whenReady().then(() => {
    denyUnusedPermissions(session.defaultSession);
    serveRenderer(path.join(distDir, 'renderer'));
    Menu.setApplicationMenu(buildMenu());
    const state = (desktopState ??= new DesktopStateFile(path.join(app.getPath('userData'), 'desktop-state.json')));
    const notifier = new RunNotifier(
      {
        notify: (title, body) => {
          if (Notification.isSupported()) new Notification({ title, body }).show();
        },
        setProgressBar: (fraction) => window?.setProgressBar(fraction),
        preferences: () => state.get(),
      },
      app.getLocale(),
    );
    const warning = homeMismatchWarning(app.getName());
    if (warning) process.stderr.write(`${warning}\n`);
    engine = new EngineProcess<MessagePortMain>({
      api: {
        fork: (modulePath, args, options) => utilityProcess.fork(modulePath, args, options),
        createChannel: () => new MessageChannelMain(),
      },
      engineEntry: path.join(distDir, 'electron', 'engine', 'host', 'utility-main.js'),
      trainerEntry: path.join(distDir, 'electron', 'engine', 'training', 'trainer-process.js'),
      home: dataHome(process.env, app.getPath('userData')),
      onEvent: (event, payload) => {
        if (event === 'training:message') {
          const message = TrainerMessageSchema.safeParse(payload);
          if (message.success) notifier.onTrainerMessage(message.data);
        }
        window?.webContents.send(EVENT_CHANNEL, { event, payload });
      },
      onExit: (code) => {
        if (quitting) return;
        notifier.onEngineCrashed();
        window?.webContents.send(EVENT_CHANNEL, { event: 'engine:crashed', payload: { code } });
      },
      // a WebGPU trainer's model runs in a hidden window on Chromium's WebGPU (README: GPU inside the app)
      computeWindow: {
        createWindow: (options) => new BrowserWindow(options),
        preloadPath: path.join(distDir, 'electron', 'preload', 'compute.cjs'),
      },
    });
    const e = engine;
    registerChannelHandlers(ipcMain, (channel, request) => e.call(channel, request), isAppUrl);
    const parent = () => BrowserWindow.getFocusedWindow() ?? window;
    registerValidatedHandler(
      ipcMain,
      DESKTOP_CHANNEL,
      parseDesktopRequest,
      desktopServices({
        // modal to the app's window when there is one
        dialog: {
          showOpenDialog: (options) => {
            const w = parent();
            return w
              ? dialog.showOpenDialog(w, options as Electron.OpenDialogOptions)
              : dialog.showOpenDialog(options as Electron.OpenDialogOptions);
          },
          showSaveDialog: (options) => {
            const w = parent();
            return w ? dialog.showSaveDialog(w, options) : dialog.showSaveDialog(options);
          },
        },
        shell,
        preferences: state,
        exists: existsSync,
        isAbsolute: path.isAbsolute,
        setPilot: (plan) => notifier.setPilot(plan),
      }),
      isAppUrl,
    );
    openWindow();
  });

  // macOS keeps the app running without windows; the Dock icon reopens one
  app.on('activate', () => {
    if (app.isReady() && !window && !quitting) openWindow();
  });

  // On quit during training: trainers stop after their step and checkpoint, then the app exits.
  app.on('before-quit', (event) => {
    if (quitting || !engine) return;
    event.preventDefault();
    quitting = true;
    void engine.shutdown().finally(() => app.quit());
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
