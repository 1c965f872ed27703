import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TrainRequestSchema } from '../../shared/training.js';
import { seedCaptionItems, seedDataset } from '../cost/seeded-runs.fixture.js';
import { openDatabase } from '../store/database.js';
import { resolveRunConfig } from './run-config.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'catlip-run-config-'));
const db = openDatabase(home);
afterAll(() => {
  db.close();
  rmSync(home, { recursive: true, force: true });
});
const request = (over: object) =>
  TrainRequestSchema.parse({ objective: 'catlip', model: 'vit-tiny', steps: 3, batch: 8, backend: 'cpu', ...over });
const refusal = (over: object) => {
  try {
    resolveRunConfig(db, request(over));
  } catch (e) {
    return e as Error & { code?: string; note?: { id: string } };
  }
  throw new Error('not refused');
};

describe('run config refusals', () => {
  it('says a dataset whose every item was skipped has nothing to train on (not "use --batch 2")', () => {
    seedDataset(db, 'all-skipped');
    const e = refusal({ dataset: 'all-skipped' });
    expect(e).toMatchObject({ code: 'invalid-request', note: { id: 'train.noItems' } });
    expect(e.message).toBe('dataset "all-skipped" has no training items');
  });

  it('names the batch that fits when the dataset is smaller than the batch', () => {
    const id = seedDataset(db, 'small');
    seedCaptionItems(db, id, ['a dog', 'a cat', 'a car']);
    const e = refusal({ dataset: 'small' });
    expect(e).toMatchObject({ code: 'invalid-request', note: { id: 'train.batchTooLarge' } });
    expect(e.message).toMatch(/use --batch 3 or less/);
  });
});
