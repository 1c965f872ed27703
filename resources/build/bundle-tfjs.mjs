/**
 * After `tsc`: makes dist/electron/engine/tfjs.js loadable by Node. The engine uses `@tensorflow/tfjs-core`
 * rather than the `@tensorflow/tfjs` umbrella (which would ship WebGL, layers, converter and data), but core's
 * gradients and chained tensor methods are registered by modules that exist only as extension-less ES modules
 * in a CommonJS package, which Node cannot import. esbuild inlines those registrations (as the umbrella's own
 * Node bundle does); tfjs-core and the CPU backend stay ordinary imports of their Node builds, and every copy
 * of tfjs code shares tfjs's one global engine, kernel and gradient registry.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(new URL('../../dist/electron/engine/tfjs.js', import.meta.url));

await build({
  entryPoints: [file],
  outfile: file,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  plugins: [
    {
      name: 'tfjs-packages-stay-imports',
      setup(b) {
        // the packages' own entry points stay imports (their Node builds); deep dist/ modules are inlined
        b.onResolve({ filter: /^@tensorflow\/[a-z-]+$/ }, (args) => ({ path: args.path, external: true }));
      },
    },
  ],
});
