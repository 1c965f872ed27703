import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        // the engine, the shared contract and the CLI: Node
        test: {
          name: 'node',
          environment: 'node',
          include: ['electron/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['node_modules/**', 'dist/**', 'test/e2e/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      // the Svelte renderer's component and unit tests: jsdom (config and plugins in the renderer's Vite config)
      'renderer/vite.config.ts',
    ],
  },
});
