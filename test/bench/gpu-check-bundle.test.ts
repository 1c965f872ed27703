import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/api/engine.js';
import { projectRoot } from './bench-util.js';
import { BENCH_ENTRIES, bundleBenches, NATIVE_PACKAGES, OPTIONAL_PACKAGES } from './gpu-check-bundle.js';

// Outside the project, beside a node_modules holding only the packed native packages (links to this
// project's), as on the GPU host after on-gpu.sh unpacks nm.tar.xz: anything else a bundle needed at run
// time would fail to load.
const root = projectRoot();
const host = mkdtempSync(path.join(os.tmpdir(), 'catlip-gpu-host-'));
const outdir = path.join(host, 'bench');
mkdirSync(path.join(host, 'node_modules'));
for (const pkg of Object.keys(NATIVE_PACKAGES))
  symlinkSync(path.join(root, 'node_modules', pkg), path.join(host, 'node_modules', pkg), 'dir');
afterAll(() => rmSync(host, { recursive: true, force: true }));

describe('the GPU-check bundles (pack:gpu-check)', () => {
  it('import nothing but Node built-ins, the packed native packages and the optional CUDA backend, and run', async () => {
    await bundleBenches(root, outdir);
    const files = readdirSync(outdir).filter((f) => f.endsWith('.js'));
    expect(files).toEqual(expect.arrayContaining([...BENCH_ENTRIES.map((e) => `${e}.js`), 'augment-worker.js']));
    const allowed = new Set([...Object.keys(NATIVE_PACKAGES), ...OPTIONAL_PACKAGES]);
    const imported = new Set<string>();
    for (const f of files) {
      const code = readFileSync(path.join(outdir, f), 'utf8');
      // static imports, dynamic imports and require() calls with a literal specifier
      for (const m of code.matchAll(
        /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']((?:@[\w.-]+\/)?[\w.:-]+(?:\/[\w.-]+)*)["']/g,
      ))
        imported.add(m[1]);
    }
    const packages = [...imported].filter(
      (s) => !s.startsWith('./') && !s.startsWith('node:') && !builtinModules.includes(s.split('/')[0]),
    );
    expect(packages).toContain('webgpu'); // the regex does find imports
    expect(packages.filter((p) => !allowed.has(p))).toEqual([]);
    // and a bundle runs: the matmul shapes of the tiny config on this machine's adapter (lavapipe in CI)
    const output = execFileSync(process.execPath, [path.join(outdir, 'matmul.js'), '--config', 'tiny', '--reps', '1'], {
      cwd: host,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(output).toMatch(/encoder matmuls per step: [\d.]+ GFLOP/);
    // and bench:train through the engine, SQLite and the trainer, on a home prepared here (no sharp there)
    const data = path.join(host, 'home');
    const engine = new Engine(data);
    await engine.invoke('demo:prepare', {});
    engine.close();
    // on the GPU host the bundles sit in the project's .gpu/ and find resources/ above them; here, outside it, say where
    const env = { ...process.env, CATLIP_RESOURCES: path.join(root, 'resources') };
    const train = execFileSync(
      process.execPath,
      [
        path.join(outdir, 'train.js'),
        '--backend',
        'cpu',
        '--config',
        'tiny',
        '--warmup',
        '0',
        '--steps',
        '1',
        '--data',
        data,
      ],
      { cwd: host, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(train).toMatch(/CatLIP [\d.]+ img\/s/);
    expect(train).toMatch(/CLIP +[\d.]+ img\/s/);
  }, 180_000);
});
