import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { seedDataset, seedRun, seedVocabulary } from '../cost/seeded-runs.fixture.js';
import { openDatabase } from '../store/database.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { KEEP_CHECKPOINTS, latestValidCheckpoint, pruneCheckpoints } from './checkpoint-history.js';
import { checkpointsNewestFirst, recordCheckpoint } from './run-repository.js';
import { checkpointPath } from './trainer.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'catlip-ckpt-durable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const here = path.dirname(fileURLToPath(import.meta.url));

function tensorOf(step: number) {
  return [{ name: 'w', shape: [256], data: new Float32Array(256).fill(step) }];
}

describe('checkpoint durability', () => {
  it('finds a flipped byte by its checksum', () => {
    const file = path.join(dir, 'flip.ckpt');
    writeCheckpoint(file, { step: 1, meta: {}, tensors: tensorOf(1) });
    const bytes = readFileSync(file);
    bytes[bytes.length - 100] ^= 0x01; // inside the tensor: the old format read this back silently
    writeFileSync(file, bytes);
    expect(() => readCheckpoint(file)).toThrow(/checksum mismatch/);
  });

  it('resumes from the previous checkpoint when the newest is damaged or missing, and keeps the last few', () => {
    const home = path.join(dir, 'home');
    const db = openDatabase(home);
    const data = seedDataset(db);
    const vocab = seedVocabulary(db, data, [[2084071, 'dog.n.01', 5]]);
    const run = seedRun(db, { datasetId: data, objective: 'catlip', vocabulary: vocab });
    for (const step of [4, 8, 12, 16, 20]) {
      const rel = checkpointPath(run, step);
      recordCheckpoint(
        db,
        run,
        step,
        rel,
        writeCheckpoint(path.join(home, rel), { step, meta: { step }, tensors: tensorOf(step) }),
      );
      pruneCheckpoints(db, home, run);
    }
    expect(checkpointsNewestFirst(db, run).map((c) => c.step)).toEqual([20, 16, 12]);
    expect(readdirSync(path.join(home, 'runs', String(run))).sort()).toEqual([
      'step-00000012.ckpt',
      'step-00000016.ckpt',
      'step-00000020.ckpt',
    ]);
    expect(KEEP_CHECKPOINTS).toBe(3);

    const newest = path.join(home, checkpointPath(run, 20));
    writeFileSync(newest, readFileSync(newest).subarray(0, 600)); // a torn copy
    rmSync(path.join(home, checkpointPath(run, 16)));
    const leftover = `${path.join(home, checkpointPath(run, 24))}.tmp-99999`; // a writer killed mid-write
    writeFileSync(leftover, 'half');
    const valid = latestValidCheckpoint<{ step: number }>(db, home, run)!;
    expect(existsSync(leftover)).toBe(false);
    expect(valid.step).toBe(12);
    expect(valid.content.meta.step).toBe(12);
    expect(valid.passedOver).toEqual([
      expect.stringMatching(/^checkpoint at step 20 not used: .*damaged: checksum mismatch/),
      expect.stringMatching(/^checkpoint at step 16 not used: ENOENT/),
    ]);
    expect(checkpointsNewestFirst(db, run).map((c) => c.step)).toEqual([12]);
    expect(existsSync(`${newest}.damaged`)).toBe(true);
    db.close();
  });

  it('leaves a whole checkpoint under its name when the writer is killed with SIGKILL mid-write', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const file = path.join(dir, `killed-${attempt}`, 'last.ckpt');
      const child = spawn(
        path.resolve(here, '../../../node_modules/.bin/vite-node'),
        [path.join(here, 'checkpoint-writer.fixture.ts'), file],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      try {
        await new Promise<void>((resolve, reject) => {
          child.stdout.on('data', (d: Buffer) => d.toString().includes('first') && resolve());
          child.on('exit', (code) => reject(new Error(`writer exited early (${code})`)));
        });
        // let it get somewhere in a later write: 8 MiB per checkpoint, so most moments are mid-write
        await new Promise((r) => setTimeout(r, 50 + attempt * 120));
      } finally {
        child.kill('SIGKILL');
        await new Promise((r) =>
          child.exitCode !== null || child.signalCode !== null ? r(undefined) : child.on('exit', r),
        );
      }
      const back = readCheckpoint<{ step: number }>(file);
      expect(back.tensors[0]!.data.every((v) => v === back.step)).toBe(true);
      expect(back.meta.step).toBe(back.step);
    }
  }, 60_000);
});
