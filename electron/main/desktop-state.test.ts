import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DesktopStateFile, restorableBounds, trackWindowState, type Bounds } from './desktop-state.js';

const screen = { x: 0, y: 0, width: 1920, height: 1040 };
const second = { x: 1920, y: 0, width: 1280, height: 1000 };

/** A BrowserWindow as far as window-state tracking sees it. */
class FakeWindow extends EventEmitter {
  maximized = false;
  constructor(public bounds: Bounds) {
    super();
  }
  getNormalBounds = () => this.bounds;
  isMaximized = () => this.maximized;
  maximize = () => void (this.maximized = true);
}

describe('window state', () => {
  it('restores saved bounds on a display that is still there, shrunk to fit it', () => {
    expect(restorableBounds({ x: 100, y: 80, width: 1200, height: 800 }, [screen])).toEqual({
      x: 100,
      y: 80,
      width: 1200,
      height: 800,
    });
    expect(restorableBounds({ x: 2000, y: 50, width: 1600, height: 1200 }, [screen, second])).toEqual({
      x: 1920,
      y: 0,
      width: 1280,
      height: 1000,
    });
  });

  it('drops bounds whose display was unplugged, or that have none', () => {
    expect(restorableBounds({ x: 2000, y: 50, width: 1000, height: 700 }, [screen])).toBeUndefined();
    expect(restorableBounds(undefined, [screen])).toBeUndefined();
  });

  it('saves the place on close and restores it (and maximised) at the next start', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'catlip-window-')), 'desktop-state.json');
    const first = new FakeWindow({ x: 40, y: 30, width: 1100, height: 700 });
    trackWindowState(first, new DesktopStateFile(file));
    first.maximized = true;
    first.emit('close');
    const state = new DesktopStateFile(file);
    expect(state.window).toEqual({ bounds: { x: 40, y: 30, width: 1100, height: 700 }, maximized: true });
    const next = new FakeWindow(restorableBounds(state.window?.bounds, [screen])!);
    trackWindowState(next, state);
    expect(next.maximized).toBe(true);
    expect(next.bounds).toEqual({ x: 40, y: 30, width: 1100, height: 700 });
  });

  it('ignores a damaged window entry but keeps the preferences', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'catlip-window-')), 'desktop-state.json');
    writeFileSync(
      file,
      JSON.stringify({ window: { bounds: { x: 'a' } }, preferences: { notifications: false, taskbarProgress: true } }),
    );
    const state = new DesktopStateFile(file);
    expect(state.window).toBeNull();
    expect(state.get().notifications).toBe(false);
  });
});
