/**
 * `npm run pack:gpu-check`: everything test/bench/gpu-check.sh needs on the offline GPU host, in `.gpu/`,
 * small enough to carry (a device call takes 64 MiB with the working tree; the production node_modules alone is
 * 175 MiB: the demo's emoji packages 152 MB, tfjs 141 MB, webgpu's five platforms 132 MB). So `.gpu/` holds:
 *   - node.xz: this machine's Node binary; the Vulkan/GL loader packages from Debian (the host has the NVIDIA
 *     driver but no loaders); test/bench/gpu/on-gpu.sh and reference_vit.py;
 *   - bench/: the benchmark scripts bundled with esbuild (tfjs, zod and the engine inlined, one shared
 *     chunk, the trainer's augmentation worker beside them), leaving out only native code;
 *   - nm.tar.xz: just the native packages, webgpu (linux-x64 only) and better-sqlite3 (on-gpu.sh unpacks it
 *     where node_modules is missing);
 *   - home.tar.xz: a data home with the demo already imported, so bench:train needs neither the emoji
 *     packages nor sharp's image decoding there (`--data`).
 * Then, in one device call: `bash .gpu/on-gpu.sh bash test/bench/gpu-check.sh`, carry [".gpu"].
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../electron/engine/api/engine.js';
import { projectRoot } from './bench-util.js';
import { bundleBenches, NATIVE_PACKAGES } from './gpu-check-bundle.js';

const root = projectRoot();
const out = path.join(root, '.gpu');
/** What a device call may carry: the working tree and the carried paths together. */
const CARRY_LIMIT = 64 * 2 ** 20;

function bytesOf(p: string): number {
  const s = statSync(p);
  return s.isDirectory() ? readdirSync(p).reduce((sum, f) => sum + bytesOf(path.join(p, f)), 0) : s.size;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

// 1. node, the Vulkan loaders, on-gpu.sh, reference_vit.py
mkdirSync(out, { recursive: true });
for (const f of ['on-gpu.sh', 'reference_vit.py'])
  copyFileSync(path.join(root, 'test/bench/gpu', f), path.join(out, f));
if (!existsSync(path.join(out, 'node.xz'))) {
  execFileSync('bash', ['-c', `xz -T0 -6 -c "${realpathSync(process.execPath)}" > "${path.join(out, 'node.xz')}"`]);
}
if (!readdirSync(out).some((f) => f.startsWith('libvulkan1_'))) {
  // amd64 packages whatever this machine is: the GPU host is x86-64
  const arch = ['-oAPT::Architecture=amd64', '-oAPT::Architectures=amd64'];
  execFileSync(
    'apt-get',
    [...arch, 'download', 'libvulkan1', 'libegl1', 'libglvnd0', 'libopengl0', 'libgl1', 'libglx0', 'libgles2'],
    { cwd: out, stdio: 'inherit' },
  );
}

// 2. the benches, bundled
const benchDir = path.join(out, 'bench');
rmSync(benchDir, { recursive: true, force: true });
await bundleBenches(root, benchDir);

// 3. the native packages only
const staging = mkdtempSync(path.join(os.tmpdir(), 'catlip-gpu-nm-'));
for (const [pkg, files] of Object.entries(NATIVE_PACKAGES)) {
  for (const f of files) {
    const from = path.join(root, 'node_modules', pkg, f);
    if (!existsSync(from)) throw new Error(`${from} is missing: run npm ci first`);
    mkdirSync(path.dirname(path.join(staging, 'node_modules', pkg, f)), { recursive: true });
    execFileSync('cp', ['-r', from, path.join(staging, 'node_modules', pkg, f)]);
  }
}
execFileSync('bash', ['-c', `tar -C "${staging}" -cf - node_modules | xz -T0 -6 > "${path.join(out, 'nm.tar.xz')}"`]);
rmSync(staging, { recursive: true, force: true });

// 4. a data home with the demo imported
const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-gpu-home-'));
const engine = new Engine(home);
await engine.invoke('demo:prepare', {});
engine.close();
execFileSync('bash', ['-c', `tar -C "${home}" -cf - . | xz -T0 -6 > "${path.join(out, 'home.tar.xz')}"`]);
rmSync(home, { recursive: true, force: true });

// 5. what a device call will carry
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
const tree = tracked.reduce(
  (sum, f) => sum + (existsSync(path.join(root, f)) ? statSync(path.join(root, f)).size : 0),
  0,
);
const pack = bytesOf(out);
for (const f of readdirSync(out).sort()) console.log(`${mib(bytesOf(path.join(out, f))).padStart(10)}  .gpu/${f}`);
console.log(
  `.gpu ${mib(pack)} + working tree ${mib(tree)} = ${mib(pack + tree)} of the ${mib(CARRY_LIMIT)} a device call carries`,
);
if (pack + tree > CARRY_LIMIT) {
  console.error('too large to carry');
  process.exit(1);
}
console.log('on the device: bash .gpu/on-gpu.sh bash test/bench/gpu-check.sh   (carry [".gpu"], timeout_s 600)');
