import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The small scripts `npm ci` and `npm run dist` run before anything is built (resources/build). */
const buildDir = path.resolve(import.meta.dirname, '..', '..', 'resources', 'build');

describe('check-node-version.mjs (npm run dist stops early on an old Node)', () => {
  const check = (version: string, min: string) =>
    spawnSync(process.execPath, [path.join(buildDir, 'check-node-version.mjs'), min, 'npm run dist'], {
      encoding: 'utf8',
      env: { ...process.env, CATLIP_NODE_VERSION_FOR_TEST: version },
    });

  it.each([
    ['20.19.2', '22.12.0', false],
    ['22.11.9', '22.12.0', false],
    ['22.12.0', '22.12.0', true],
    ['22.13.1', '22.12.0', true],
    ['24.0.0', '22.12.0', true],
    ['21.99.99', '22.12.0', false],
  ])('Node %s against %s: passes = %s', (version, min, passes) => {
    const r = check(version, min);
    expect(r.status).toBe(passes ? 0 : 1);
    if (!passes) expect(r.stderr).toContain(`npm run dist needs Node.js ${min} or newer; this is Node.js ${version}.`);
  });
});

describe('link-cli.mjs (npx catlip-pilot runs the local command directly)', () => {
  it('links node_modules/.bin/catlip-pilot to the command, replacing a stale link', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'catlip-link-'));
    try {
      mkdirSync(path.join(root, 'electron/engine/cli'), { recursive: true });
      writeFileSync(
        path.join(root, 'electron/engine/cli/catlip-pilot.mjs'),
        '#!/usr/bin/env node\nconsole.log("hello from the command")\n',
      );
      for (let i = 0; i < 2; i++) {
        const r = spawnSync(process.execPath, [path.join(buildDir, 'link-cli.mjs'), root], { encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
      }
      const bin = path.join(root, 'node_modules/.bin/catlip-pilot');
      if (process.platform === 'win32') {
        expect(readFileSync(`${bin}.cmd`, 'utf8')).toContain('catlip-pilot.mjs');
      } else {
        expect(realpathSync(bin)).toBe(realpathSync(path.join(root, 'electron/engine/cli/catlip-pilot.mjs')));
        expect(spawnSync(bin, [], { encoding: 'utf8' }).stdout).toBe('hello from the command\n');
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('package.json declares no bin of its own (npx would install the whole project into its cache first)', () => {
    const pkg = JSON.parse(readFileSync(path.resolve(buildDir, '..', '..', 'package.json'), 'utf8')) as {
      bin?: unknown;
      scripts: Record<string, string>;
    };
    expect(pkg.bin).toBeUndefined();
    expect(pkg.scripts.prepare).toContain('link-cli.mjs');
  });
});
