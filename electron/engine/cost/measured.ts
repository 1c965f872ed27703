import type { Db } from '../store/database.js';
import { getRun, runConfig, type RunRow } from '../training/run-repository.js';
import { acceleratorOf } from './accelerator.js';
import { NOT_MEASURED, type MeasuredRun } from '../../shared/cost.js';

/**
 * What a pilot run cost, from what its trainer recorded and nothing else. Wall time is the trainer's own
 * accounting — data loading + compute + checkpointing, summed over all its processes (a resumed run
 * included) — not the calendar time between start and finish, which would count pauses, crashes and
 * the gap before `resume`. Model building and backend selection (seconds, once per process) are outside it.
 */

/** A pilot run trains on one device; the full-scale plan says how many GPUs it will have. */
export const PILOT_GPUS = 1;

export function measureRun(db: Db, id: number): MeasuredRun {
  return measureRow(getRun(db, id));
}

export function measureRow(row: RunRow): MeasuredRun {
  const config = runConfig(row);
  const images = row.steps_done * config.batch;
  const wall = row.data_seconds + row.compute_seconds + row.checkpoint_seconds;
  const per = (seconds: number) => (images > 0 && seconds > 0 ? seconds / images : null);
  const rate = (seconds: number) => (images > 0 && seconds > 0 ? images / seconds : null);
  const accelerator = acceleratorOf({ backend: row.backend, device: row.device, notes: row.backend_notes });
  return {
    run: row.id,
    objective: config.objective,
    dataset: config.dataset,
    encoder: { model: config.model, imageSize: config.imageSize, patchSize: config.patchSize },
    batch: config.batch,
    status: row.status,
    backend: row.backend,
    device: row.device,
    accelerator: accelerator.kind,
    accelerator_reason: accelerator.reason,
    steps: row.steps_done,
    images,
    seconds: { data: row.data_seconds, compute: row.compute_seconds, checkpoint: row.checkpoint_seconds, wall },
    share:
      wall > 0
        ? {
            data: row.data_seconds / wall,
            compute: row.compute_seconds / wall,
            checkpoint: row.checkpoint_seconds / wall,
          }
        : null,
    images_per_second: rate(wall),
    compute_images_per_second: rate(row.compute_seconds),
    compute_seconds_per_image: per(row.compute_seconds),
    wall_seconds_per_image: per(wall),
    gpus: PILOT_GPUS,
    gpu_hours: (wall / 3600) * PILOT_GPUS,
    energy_kwh: row.energy_kwh ?? NOT_MEASURED,
    energy_kwh_per_image: row.energy_kwh !== null && images > 0 ? row.energy_kwh / images : null,
  };
}
