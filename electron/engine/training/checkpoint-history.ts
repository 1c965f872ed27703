import { readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/database.js';
import { readCheckpoint, type CheckpointContent } from './checkpoint.js';
import { checkpointsNewestFirst, forgetCheckpoint } from './run-repository.js';
import { checkpointPath } from './trainer.js';

/** Checkpoints kept per run: the newest, and two to fall back on if it is ever found damaged. */
export const KEEP_CHECKPOINTS = 3;

export interface ValidCheckpoint<Meta> {
  step: number;
  path: string;
  content: CheckpointContent<Meta>;
  /** Newer checkpoints passed over, each with why (missing, checksum mismatch…). */
  passedOver: string[];
}

/**
 * The newest checkpoint that reads back whole. A damaged or missing newer one is passed over (its row
 * forgotten, its file renamed `.damaged` for inspection) and the previous one used, so a bad disk block
 * costs the steps since that one instead of the run.
 */
export function latestValidCheckpoint<Meta>(db: Db, home: string, runId: number): ValidCheckpoint<Meta> | undefined {
  removeStaleTemporaries(path.join(home, path.dirname(checkpointPath(runId, 0))));
  const passedOver: string[] = [];
  for (const c of checkpointsNewestFirst(db, runId)) {
    const file = path.join(home, c.path);
    try {
      return { step: c.step, path: c.path, content: readCheckpoint<Meta>(file), passedOver };
    } catch (e) {
      passedOver.push(`checkpoint at step ${c.step} not used: ${(e as Error).message}`);
      forgetCheckpoint(db, runId, c.step);
      try {
        renameSync(file, `${file}.damaged`);
      } catch {
        // already gone
      }
    }
  }
  return undefined;
}

/** Deletes all but the newest `keep` checkpoints of a run: rows first, then their files. */
export function pruneCheckpoints(db: Db, home: string, runId: number, keep = KEEP_CHECKPOINTS): string[] {
  const old = checkpointsNewestFirst(db, runId).slice(keep);
  db.transaction(() => old.forEach((c) => forgetCheckpoint(db, runId, c.step)))();
  for (const c of old) rmSync(path.join(home, c.path), { force: true });
  return old.map((c) => c.path);
}

/**
 * A writer killed mid-checkpoint leaves its temporary file (`….ckpt.tmp-PID`); only the run's trainer writes
 * in its folder, so when it starts again every such file is a leftover.
 */
function removeStaleTemporaries(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no checkpoint written yet
  }
  for (const name of names) if (/\.ckpt\.tmp-\d+$/.test(name)) rmSync(path.join(dir, name), { force: true });
}
