import type { RunDetail } from '../api/contract.ts';

/** The measured figures of one run, as the Compare screen shows them (all from runs:get). */
export interface RunFigures {
  run: number;
  objective: string;
  status: RunDetail['summary']['status'];
  dataset: string;
  model: string;
  batch: number | null;
  imageSize: number | null;
  backend: string | null;
  device: string | null;
  steps: number;
  stepsTotal: number;
  firstLoss: number | null;
  finalLoss: number | null;
  bestLoss: number | null;
  imagesPerSecond: number | null;
  /** Mean milliseconds per step: data loading + compute. */
  msPerStep: number | null;
  dataMs: number | null;
  computeMs: number | null;
  checkpointSeconds: number;
  /** Seconds spent training: steps × (data + compute) plus checkpoint writing. */
  totalSeconds: number | null;
  losses: { step: number; loss: number }[];
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function runFigures(detail: RunDetail): RunFigures {
  const s = detail.summary;
  const losses = detail.metrics.map((m) => ({ step: m.step, loss: m.loss })).filter((m) => Number.isFinite(m.loss));
  const best = losses.length ? Math.min(...losses.map((m) => m.loss)) : null;
  const dataMs = s.step_ms.data;
  const computeMs = s.step_ms.compute;
  const msPerStep = dataMs === null && computeMs === null ? null : (dataMs ?? 0) + (computeMs ?? 0);
  return {
    run: s.run,
    objective: s.objective,
    status: s.status,
    dataset: s.dataset,
    model: s.model,
    batch: num(detail.config.batch),
    imageSize: num(detail.config.imageSize),
    backend: s.backend,
    device: s.device,
    steps: s.steps,
    stepsTotal: s.steps_total,
    firstLoss: s.first_loss,
    finalLoss: s.final_loss,
    bestLoss: best ?? s.final_loss,
    imagesPerSecond: s.images_per_second,
    msPerStep,
    dataMs,
    computeMs,
    checkpointSeconds: s.checkpoint_seconds,
    totalSeconds: msPerStep === null ? null : (msPerStep * s.steps) / 1000 + s.checkpoint_seconds,
    losses,
  };
}

/** Measured speed-up of CatLIP over the baseline: ratio of training throughput (images/s). */
export function speedup(catlip: RunFigures, baseline: RunFigures): number | null {
  if (!catlip.imagesPerSecond || !baseline.imagesPerSecond) return null;
  return catlip.imagesPerSecond / baseline.imagesPerSecond;
}

/** What differs between the two runs' conditions (so the speed-up would not be like-for-like). */
export function differences(
  a: RunFigures,
  b: RunFigures,
): ('dataset' | 'model' | 'batch' | 'imageSize' | 'backend' | 'device')[] {
  const keys = ['dataset', 'model', 'batch', 'imageSize', 'backend', 'device'] as const;
  return keys.filter((k) => a[k] !== null && b[k] !== null && a[k] !== b[k]);
}
