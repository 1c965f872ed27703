import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The renderer: built into dist/renderer/ (served by `catlip-pilot serve`, loaded by Electron later) and
 * its component tests (jsdom), which the root vitest.config.ts runs as the "renderer" project.
 */
export default defineConfig({
  root: here,
  // relative asset URLs: works under serve mode's SPA fallback and from file:// in Electron
  base: './',
  // keep Vite's and Vitest's caches with the other dependencies, not in renderer/node_modules
  cacheDir: fileURLToPath(new URL('../node_modules/.vite/renderer', import.meta.url)),
  // no svelte.config.js: the options live here; every component uses runes
  plugins: [svelte({ configFile: false, compilerOptions: { runes: true } }), svelteTesting()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // the compute window's chunk is tfjs with its webgpu backend (~1.2 MB), loaded only by that hidden window
    chunkSizeWarningLimit: 1536,
    rollupOptions: {
      // the app's page, and the desktop app's hidden compute window (tfjs + WebGPU, no UI)
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        compute: fileURLToPath(new URL('compute.html', import.meta.url)),
      },
      output: {
        // zod is shared by both pages; api/zod-setup.ts (jitless: no `new Function` probe under the CSP) must run
        // before any schema is built, so it lives in zod's own chunk, which every schema's chunk imports first
        manualChunks: (id) =>
          id.includes('/node_modules/zod/') || id.endsWith('/src/api/zod-setup.ts') ? 'zod' : undefined,
      },
      onwarn(warning, warn) {
        // zod ships comments that look like misplaced @__PURE__ annotations; harmless
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules/zod/')) return;
        warn(warning);
      },
    },
  },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
  test: {
    name: 'renderer',
    root: here,
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
