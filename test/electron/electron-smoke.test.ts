import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../fixtures/fixture-paths.js';

/** Electron's binary is a download from outside the npm registry: present on workstations, absent in CI here. */
function electronBinary(): string | undefined {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    return typeof p === 'string' && existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

describe('desktop app smoke test (Playwright _electron)', () => {
  it('opens the app, imports the demo data and starts a tiny run', async (ctx) => {
    const binary = electronBinary();
    if (!binary) {
      ctx.skip(
        'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1 or no access to its download); run on a workstation after `npm ci`',
      );
      return;
    }
    const { _electron } = await import('playwright-core');
    const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-electron-'));
    const app = await _electron.launch({
      executablePath: binary,
      args: [projectRoot],
      env: { ...process.env, CATLIP_PILOT_HOME: home },
    });
    try {
      const page = await app.firstWindow();
      expect(await page.evaluate(() => typeof (globalThis as unknown as { catlip?: unknown }).catlip)).toBe('object');
      await page.evaluate(() =>
        (globalThis as unknown as { catlip: { invoke(c: string, r: unknown): Promise<unknown> } }).catlip.invoke(
          'demo:prepare',
          {},
        ),
      );
      const run = await page.evaluate(() =>
        (
          globalThis as unknown as { catlip: { invoke(c: string, r: unknown): Promise<{ run: number }> } }
        ).catlip.invoke('training:start', {
          dataset: 'demo-emoji',
          objective: 'catlip',
          steps: 2,
          batch: 8,
          backend: 'cpu',
        }),
      );
      expect(run.run).toBeGreaterThan(0);
    } finally {
      await app.close();
      rmSync(home, { recursive: true, force: true });
    }
  }, 180_000);
});
