import { describeZodError, EngineError } from '../shared/errors.js';
import {
  desktopChannels,
  dialogFilters,
  type ChoosePathRequest,
  type DesktopChannel,
  type DesktopPreferences,
  type DesktopResponse,
  type PilotPlan,
} from '../shared/desktop.js';

/** The IPC channel of main's own desktop requests (the engine's go over 'catlip:invoke'). */
export const DESKTOP_CHANNEL = 'catlip:desktop';

/** What the services need of Electron's `dialog` (a fake in tests). */
export interface DialogLike {
  showOpenDialog(options: {
    title?: string;
    defaultPath?: string;
    properties: string[];
    filters?: { name: string; extensions: string[] }[];
  }): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(options: {
    title?: string;
    defaultPath?: string;
    filters?: { name: string; extensions: string[] }[];
  }): Promise<{ canceled: boolean; filePath?: string }>;
}

/** What the services need of Electron's `shell`. */
export interface ShellLike {
  showItemInFolder(fullPath: string): void;
  /** Resolves with '' on success, else the OS's error message. */
  openPath(fullPath: string): Promise<string>;
}

export interface PreferencesStore {
  get(): DesktopPreferences;
  set(patch: Partial<DesktopPreferences>): DesktopPreferences;
}

/** Validates a desktop request (unknown channel or bad payload: `invalid-request` naming the field). */
export function parseDesktopRequest(channel: string, input: unknown): unknown {
  const def = desktopChannels[channel as DesktopChannel];
  if (!def) throw new EngineError('invalid-request', `unknown desktop channel "${channel}"`);
  const parsed = def.request.safeParse(input ?? {});
  if (!parsed.success) throw new EngineError('invalid-request', `${channel}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/**
 * Main's implementation of the desktop channels: the native dialog for each purpose (the renderer gets only
 * the chosen path), the shell for "Show in folder"/"Open" (only absolute paths that exist), preferences.
 */
export function desktopServices(deps: {
  dialog: DialogLike;
  shell: ShellLike;
  preferences: PreferencesStore;
  /** True when the path exists (fs.existsSync in the app). */
  exists: (p: string) => boolean;
  isAbsolute: (p: string) => boolean;
  /** The renderer's current pilot, for the whole-pilot notification (RunNotifier.setPilot in the app). */
  setPilot: (plan: PilotPlan | null) => void;
}): (channel: string, request: unknown) => Promise<unknown> {
  const handlers: { [C in DesktopChannel]: (request: never) => Promise<DesktopResponse<C>> } = {
    'desktop:choose-path': async (request: ChoosePathRequest) => ({ path: await choosePath(deps.dialog, request) }),
    'desktop:show-path': async ({ path, action }: { path: string; action: 'reveal' | 'open' }) => {
      if (!deps.isAbsolute(path) || !deps.exists(path))
        return { ok: false, error: `${path} does not exist (any more)` };
      if (action === 'reveal') {
        deps.shell.showItemInFolder(path);
        return { ok: true, error: null };
      }
      const failure = await deps.shell.openPath(path);
      return failure ? { ok: false, error: failure } : { ok: true, error: null };
    },
    'desktop:preferences:get': async () => deps.preferences.get(),
    'desktop:preferences:set': async (patch: Partial<DesktopPreferences>) => deps.preferences.set(patch),
    'desktop:pilot': async ({ pilot }: { pilot: PilotPlan | null }) => {
      deps.setPilot(pilot);
      return { ok: true as const };
    },
  };
  return async (channel, request) => {
    const response = await handlers[channel as DesktopChannel](request as never);
    return desktopChannels[channel as DesktopChannel].response.parse(response);
  };
}

async function choosePath(dialog: DialogLike, request: ChoosePathRequest): Promise<string | null> {
  const filters = dialogFilters(request);
  const base = { title: request.title, defaultPath: request.defaultPath, ...(filters.length ? { filters } : {}) };
  if (request.purpose === 'export-file') {
    const result = await dialog.showSaveDialog(base);
    return result.canceled || !result.filePath ? null : result.filePath;
  }
  const properties =
    request.purpose === 'import-file' || request.purpose === 'open-image'
      ? ['openFile']
      : ['openDirectory', 'createDirectory'];
  const result = await dialog.showOpenDialog({ ...base, properties });
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]!;
}
