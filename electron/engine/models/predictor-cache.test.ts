import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../shared/errors.js';
import { openDatabase } from '../store/database.js';
import type { Predictor, PredictorOptions } from './predictor.js';
import { PredictorCache } from './predictor-cache.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-predictor-cache-'));
const db = openDatabase(home);
afterAll(() => {
  db.close();
  rmSync(home, { recursive: true, force: true });
});

/** Predictors that record being opened and closed (what the cache decides is under test, not the models). */
function recordingOpener() {
  const log: string[] = [];
  const open = async (_db: unknown, _home: string, options: PredictorOptions): Promise<Predictor> => {
    const name = `run${options.run}${options.model ? `/model${options.model}` : ''}${options.classes ? `/${options.classes.join('+')}` : ''}`;
    if (options.run === 99) throw new EngineError('not-found', 'no run 99');
    log.push(`open ${name}`);
    return { predict: async () => ({}) as never, close: () => void log.push(`close ${name}`) };
  };
  return { log, open };
}

describe('PredictorCache', () => {
  it('reuses a predictor for the same run, model and classes; keeps two; closes the one it drops', async () => {
    const { log, open } = recordingOpener();
    const cache = new PredictorCache(db, home, open);
    const use = (options: PredictorOptions) => cache.with(options, async () => 'ok');
    await use({ run: 1 });
    await use({ run: 1 });
    await use({ run: 2, classes: ['cat', 'dog'] });
    await use({ run: 1 });
    expect(log).toEqual(['open run1', 'open run2/cat+dog']);
    await use({ run: 1, model: 3 });
    // run 2 was used least recently
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['open run1', 'open run2/cat+dog', 'open run1/model3', 'close run2/cat+dog']);
    cache.close();
    await new Promise((r) => setImmediate(r));
    expect(log.slice(3).sort()).toEqual(['close run1', 'close run1/model3', 'close run2/cat+dog']);
  });

  it('closes a predictor evicted while in use only when that use ends, and keeps none that failed to open', async () => {
    const { log, open } = recordingOpener();
    const cache = new PredictorCache(db, home, open);
    let release!: () => void;
    const busy = cache.with({ run: 1 }, () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setImmediate(r));
    await cache.with({ run: 2 }, async () => undefined);
    await cache.with({ run: 3 }, async () => undefined);
    await new Promise((r) => setImmediate(r));
    expect(log).not.toContain('close run1');
    release();
    await busy;
    await new Promise((r) => setImmediate(r));
    expect(log).toContain('close run1');

    await expect(cache.with({ run: 99 }, async () => undefined)).rejects.toThrow('no run 99');
    await expect(cache.with({ run: 99 }, async () => undefined)).rejects.toThrow('no run 99');
    await cache.with({ run: 3 }, async () => undefined);
    expect(log.filter((l) => l === 'open run3')).toHaveLength(1);
    cache.close();
  });
});
