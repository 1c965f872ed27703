import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { Engine } from '../api/engine.js';
import { sharedDataDir } from '../../../test/fixtures/fixture-paths.js';

/**
 * Test support for trainer tests: a temporary home with coco-mini imported as "coco" at 32 px and its
 * vocabulary built (min-count 2) before the file's tests, removed after them.
 */
export function useCocoTrainingHome(prefix: string): { readonly home: string; readonly engine: Engine } {
  const home = mkdtempSync(path.join(os.tmpdir(), prefix));
  let engine: Engine | undefined;
  beforeAll(async () => {
    engine = new Engine(home);
    await engine.invoke('datasets:import', {
      path: path.join(sharedDataDir, 'coco-mini'),
      name: 'coco',
      imageSize: 32,
    });
    await engine.invoke('vocab:build', { dataset: 'coco', minCount: 2 });
  });
  afterAll(() => {
    engine?.close();
    rmSync(home, { recursive: true, force: true });
  });
  return {
    home,
    get engine(): Engine {
      if (!engine) throw new Error('the coco training home is ready inside tests only');
      return engine;
    },
  };
}
