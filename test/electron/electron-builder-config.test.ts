import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../fixtures/fixture-paths.js';

const config = parse(readFileSync(path.join(projectRoot, 'electron-builder.yml'), 'utf8'));
const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));

describe('electron-builder.yml', () => {
  it('targets AppImage + deb, NSIS and dmg with the app identity', () => {
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.productName).toBe(pkg.productName);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.directories.buildResources).toBe('resources/build');
    expect(existsSync(path.join(projectRoot, config.icon))).toBe(true);
  });

  it('unpacks every native module from the asar archive', () => {
    for (const mod of [
      'better-sqlite3',
      'sharp',
      '@img',
      'webgpu',
      '@tensorflow/tfjs-node-gpu',
      '@tensorflow/tfjs-node',
    ]) {
      expect(config.asarUnpack).toContain(`**/node_modules/${mod}/**`);
    }
    expect(config.npmRebuild).toBe(true);
  });

  it('ships the built main, preload, engine and renderer, the WordNet data and the licences, and never test data', () => {
    for (const f of [
      'dist/electron/**',
      'dist/renderer/**',
      'resources/wordnet/**',
      'resources/licenses/**',
      'package.json',
    ]) {
      expect(config.files).toContain(f);
    }
    expect(config.files.join('\n')).not.toMatch(/shared|test\//);
    expect(pkg.main).toBe('dist/electron/main/index.js');
    expect(pkg.scripts.dist).toMatch(/electron-builder/);
    expect(pkg.scripts.start).toMatch(/electron \./);
  });

  it('flips the Electron fuses that would let someone run the packaged binary as Node or attach a debugger', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).not.toBe(false); // the asar fuses need an asar archive
  });

  it('main denies every web permission request before the first window opens', () => {
    const main = readFileSync(path.join(projectRoot, 'electron/main/index.ts'), 'utf8');
    const ready = main.indexOf('app.whenReady().then(');
    const deny = main.indexOf('denyUnusedPermissions(session.defaultSession)');
    expect(deny).toBeGreaterThan(ready);
    expect(deny).toBeLessThan(
      main.indexOf('createWindow()', ready) === -1 ? Infinity : main.indexOf('createWindow()', ready),
    );
  });
});
