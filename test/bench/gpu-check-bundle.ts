/**
 * The benchmark scripts bundled for the GPU host (see pack-gpu-check.ts): tfjs, zod, the engine and
 * every pure-JS dependency inlined with esbuild, one shared chunk; only native packages stay imports.
 */
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

export const BENCH_ENTRIES = ['kernel-check', 'matmul', 'profile-step', 'train'];

/** Native packages the bundles import at run time, and the files of each that the GPU host needs. */
export const NATIVE_PACKAGES: Record<string, string[]> = {
  webgpu: ['package.json', 'index.js', 'dist/linux-x64/dawn.node'],
  'better-sqlite3': ['package.json', 'lib', 'build/Release/better_sqlite3.node'],
  bindings: ['package.json', 'bindings.js'],
  'file-uri-to-path': ['package.json', 'index.js'],
};

/** Imported by backends.ts only inside a try (the optional CUDA backend): absent on the GPU host. */
export const OPTIONAL_PACKAGES = ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'];

/** Modules the benches import but never call on the GPU host: a stub that says so if they ever are. */
const stubs: Plugin = {
  name: 'gpu-check-stubs',
  setup(b) {
    b.onResolve({ filter: /^sharp$/ }, () => ({ path: 'sharp', namespace: 'stub' }));
    // calling it throws; its static settings (sharp.concurrency(1) at module load) do nothing
    b.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => ({
      contents: `function unavailable() { throw new Error('${args.path} is not in the GPU-check pack: import data on the CPU machine (pack:gpu-check carries a prepared home)'); }
export default new Proxy(unavailable, { get: (target, key) => (key in target ? target[key] : () => undefined) });`,
      loader: 'js',
    }));
  },
};

/** Bundles test/bench/<entry>.ts of the project at `root` into `outdir` (ES modules for Node 20). */
export async function bundleBenches(root: string, outdir: string): Promise<void> {
  await build({
    entryPoints: [
      ...BENCH_ENTRIES.map((e) => ({ in: path.join(root, 'test/bench', `${e}.ts`), out: e })),
      // the trainer's augmentation worker, found beside the bundle's chunks as beside the compiled trainer
      { in: path.join(root, 'electron/engine/training/augment-worker.ts'), out: 'augment-worker' },
    ],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    // tfjs packages list their ES builds as side effects but not their Node builds (tf-backend-cpu.node.js):
    // without this, esbuild drops `import '@tensorflow/tfjs-backend-cpu'` and no cpu backend is registered
    ignoreAnnotations: true,
    logLevel: 'warning',
    external: [...Object.keys(NATIVE_PACKAGES), ...OPTIONAL_PACKAGES],
    plugins: [stubs],
    // CommonJS dependencies inside an ES module bundle still call require() for Node built-ins
    banner: {
      js: "import { createRequire as __catlipCreateRequire } from 'node:module'; const require = __catlipCreateRequire(import.meta.url);",
    },
  });
}
