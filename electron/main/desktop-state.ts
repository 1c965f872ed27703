import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_DESKTOP_PREFERENCES, DesktopPreferencesSchema, type DesktopPreferences } from '../shared/desktop.js';
import type { PreferencesStore } from './desktop-services.js';

/**
 * What the desktop app remembers between starts, in one small JSON file in Electron's userData folder (not
 * the engine's database: it belongs to this window on this machine): the window's place and the desktop
 * preferences. A missing or damaged file means defaults, never a failed start.
 */
const BoundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200),
  height: z.number().int().min(200),
});
export type Bounds = z.output<typeof BoundsSchema>;

const StateSchema = z.object({
  window: z.object({ bounds: BoundsSchema, maximized: z.boolean() }).nullable().catch(null),
  // a file from an older version lacks newer preferences: they take their defaults, the others are kept
  preferences: z
    .preprocess(
      (v) => (typeof v === 'object' && v !== null ? { ...DEFAULT_DESKTOP_PREFERENCES, ...v } : v),
      DesktopPreferencesSchema,
    )
    .catch({ ...DEFAULT_DESKTOP_PREFERENCES }),
});
export type DesktopState = z.output<typeof StateSchema>;

const DEFAULTS: DesktopState = { window: null, preferences: { ...DEFAULT_DESKTOP_PREFERENCES } };

export class DesktopStateFile implements PreferencesStore {
  private state: DesktopState;

  constructor(private readonly file: string) {
    this.state = readState(file);
  }
  get(): DesktopPreferences {
    return { ...this.state.preferences };
  }
  set(patch: Partial<DesktopPreferences>): DesktopPreferences {
    this.state.preferences = { ...this.state.preferences, ...patch };
    this.save();
    return this.get();
  }
  get window(): DesktopState['window'] {
    return this.state.window;
  }
  saveWindow(window: NonNullable<DesktopState['window']>): void {
    const b = window.bounds; // fractional on scaled displays
    this.state.window = {
      bounds: { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) },
      maximized: window.maximized,
    };
    this.save();
  }
  private save(): void {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.tmp`;
      writeFileSync(tmp, JSON.stringify(this.state, null, 2));
      renameSync(tmp, this.file); // a crash mid-write leaves the old file, not half a new one
    } catch (e) {
      process.stderr.write(`could not save ${this.file}: ${(e as Error).message}\n`);
    }
  }
}

function readState(file: string): DesktopState {
  try {
    const parsed = StateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : structuredClone(DEFAULTS);
  } catch {
    return structuredClone(DEFAULTS);
  }
}

/** A display's usable area (Electron's `screen.getAllDisplays()[i].workArea`). */
export type Area = { x: number; y: number; width: number; height: number };

/**
 * The saved bounds, if the window would still be reachable: its title bar must overlap one of the current
 * displays (a monitor may have been unplugged since), and it is shrunk to fit that display.
 */
export function restorableBounds(saved: Bounds | undefined, displays: Area[]): Bounds | undefined {
  if (!saved) return undefined;
  const titleBar = { x: saved.x, y: saved.y, width: saved.width, height: 40 };
  const display = displays.find((d) => overlap(titleBar, d) >= Math.min(100, saved.width) * 20);
  if (!display) return undefined;
  const width = Math.min(saved.width, display.width);
  const height = Math.min(saved.height, display.height);
  const x = Math.min(Math.max(saved.x, display.x), display.x + display.width - width);
  const y = Math.min(Math.max(saved.y, display.y), display.y + display.height - height);
  return { x, y, width, height };
}

function overlap(a: Area, b: Area): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** What window-state tracking needs of a BrowserWindow. */
export interface TrackedWindow {
  on(event: 'close', listener: () => void): unknown;
  getNormalBounds(): Bounds;
  isMaximized(): boolean;
  maximize(): void;
}

/** Restores maximised state now and saves the window's place when it closes. */
export function trackWindowState(window: TrackedWindow, state: DesktopStateFile): void {
  if (state.window?.maximized) window.maximize();
  window.on('close', () => state.saveWindow({ bounds: window.getNormalBounds(), maximized: window.isMaximized() }));
}
