import { describeZodError, EngineError, noteError } from '../../shared/errors.js';
import { engineNote } from '../../shared/engine-notes.js';
import type { Db } from '../store/database.js';
import type { RunConfig } from '../../shared/training.js';
import { textPreset, vitPreset } from '../training/model/model-presets.js';
import { getRun, runConfig, type RunRow } from '../training/run-repository.js';
import { measureRow } from './measured.js';
import {
  CompareRequestSchema,
  PROJECTION_LABEL,
  type CompareRequest,
  type Comparison,
  type HardwareMismatch,
  type CostSettings,
  type MeasuredRun,
  type MeasuredWithCost,
  type RunProjection,
} from '../../shared/cost.js';
import { missingPlanInputs, projectComparison, type PilotNetwork, type PilotRate } from './projection.js';
import { checkRepeats, repeatsOf } from './repeats.js';
import { resolveCostSettings, setCostSettings } from './settings.js';
import { computeTco } from './tco.js';
import { trainingMemory, type TrainingMemory } from '../training/training-memory.js';
import { getVocabulary } from '../vocab/vocabulary-repository.js';
import { datasetEffort } from '../datasets/dataset-repository.js';

/**
 * CatLIP against its baseline: what the two pilot runs measured, what that projects to at full scale, and
 * the speed-up both ways. Only a fair pair is compared — the same image encoder (preset, image size,
 * patch size), the same dataset, the same batch and the same backend and device — so that the objective is
 * the one difference; runs on different hardware only with allowMismatch, and then the result says so.
 */

export function compareRuns(db: Db, input: CompareRequest): Comparison {
  const parsed = CompareRequestSchema.safeParse(input);
  if (!parsed.success) throw new EngineError('invalid-request', `compare: ${describeZodError(parsed.error)}`);
  const request = parsed.data;
  const [a, b] = request.runs;
  if (a === b) throw noteError('invalid-request', 'compare.sameRun', { run: a }, { field: 'runs' });
  const rows = [getRun(db, a), getRun(db, b)];
  const { catlip, baseline } = checkPair(rows);
  const repeats = request.repeats.map(([x, y]) => checkPair([getRun(db, x), getRun(db, y)]));
  checkRepeats({ catlip, baseline }, repeats);
  const mismatch = hardwareMismatch(catlip, baseline);
  if (mismatch && !request.allowMismatch) {
    throw noteError('invalid-request', 'compare.hardware', {
      catlip: catlip.id,
      baseline: baseline.id,
      objective: baseline.objective,
      catlipHardware: describeHardware(mismatch.catlip),
      baselineHardware: describeHardware(mismatch.baseline),
    });
  }
  const settings = request.save
    ? setCostSettings(db, request.settings ?? {})
    : resolveCostSettings(db, request.settings);

  const measured = {
    catlip: withCost(measureRow(catlip), settings),
    baseline: withCost(measureRow(baseline), settings),
  };
  const rates = {
    catlip: pilotRate(db, catlip, measured.catlip),
    baseline: pilotRate(db, baseline, measured.baseline),
  };
  const missing = missingPlanInputs(settings.plan, rates.baseline.embedDim !== null);
  const projected = missing.length
    ? { label: PROJECTION_LABEL, missing }
    : projectComparison(rates.catlip, rates.baseline, settings);
  const ratio = (x: number | null, y: number | null) => (x !== null && y !== null ? x / y : null);

  return {
    runs: { catlip: catlip.id, baseline: baseline.id },
    measured,
    projected,
    speedup: {
      measured: {
        wall: ratio(measured.baseline.wall_seconds_per_image, measured.catlip.wall_seconds_per_image),
        compute: ratio(measured.baseline.compute_seconds_per_image, measured.catlip.compute_seconds_per_image),
      },
      projected: 'speedup' in projected ? projected.speedup : null,
    },
    settings,
    warnings: warningsFor(measured.catlip, measured.baseline),
    hardware_mismatch: mismatch,
    repeats: repeatsOf(db, [{ catlip, baseline }, ...repeats]),
    tco: tcoOf(db, catlip, measured, settings, 'speedup' in projected ? projected : null),
  };
}

/** The TCO of this pair: both runs' measured hours and energy, their dataset's import time and size. */
function tcoOf(
  db: Db,
  row: RunRow,
  measured: { catlip: MeasuredWithCost; baseline: MeasuredWithCost },
  settings: CostSettings,
  projection: { catlip: RunProjection; baseline: RunProjection } | null,
) {
  const runs = [measured.catlip, measured.baseline];
  const effort = datasetEffort(db, row.dataset_id);
  const energy = runs.map((m) => m.energy_kwh);
  return computeTco(
    settings,
    {
      gpuHours: runs.reduce((s, m) => s + m.gpu_hours, 0),
      energyKwh: energy.every((e): e is number => typeof e === 'number') ? energy.reduce((a, b) => a + b, 0) : null,
      wallHours: runs.reduce((s, m) => s + m.seconds.wall, 0) / 3600,
      importHours: effort.importSeconds === null ? null : effort.importSeconds / 3600,
      dataTb: effort.cacheBytes / 1e12,
    },
    projection,
  );
}

/** Both sides' backend and device when they differ, else null. */
function hardwareMismatch(catlip: RunRow, baseline: RunRow): HardwareMismatch | null {
  if (catlip.backend === baseline.backend && catlip.device === baseline.device) return null;
  return {
    catlip: { backend: catlip.backend, device: catlip.device },
    baseline: { backend: baseline.backend, device: baseline.device },
  };
}

export function describeHardware(h: HardwareMismatch['catlip']): string {
  return `${h.backend ?? 'unknown backend'} on ${h.device ?? 'unknown device'}`;
}

/** One CatLIP and one CLIP/SuperClass run, both completed, same encoder, dataset and batch; else why not. */
function checkPair(rows: RunRow[]): { catlip: RunRow; baseline: RunRow } {
  const [a, b] = rows;
  const catlip = rows.filter((r) => r.objective === 'catlip');
  if (catlip.length !== 1) {
    throw noteError('invalid-request', 'compare.objectives', {
      a: a.id,
      b: b.id,
      objectiveA: a.objective,
      objectiveB: b.objective,
    });
  }
  const baseline = rows.find((r) => r.objective !== 'catlip')!;
  const unfinished = rows.filter((r) => r.status !== 'completed');
  if (unfinished.length) {
    const runs = unfinished.map((r) => {
      const values = { run: r.id, status: r.status, done: r.steps_done, total: r.steps_total };
      return engineNote(r.status === 'running' ? 'compare.runRunning' : 'compare.runNotDone', values);
    });
    throw noteError('invalid-request', 'compare.unfinished', { runs: runs.join(', ') });
  }
  const [ca, cb] = [runConfig(catlip[0]), runConfig(baseline)];
  const differences: string[] = [];
  const encoder: string[] = [];
  if (ca.model !== cb.model) encoder.push(engineNote('compare.diffModel', { a: ca.model, b: cb.model }));
  if (ca.imageSize !== cb.imageSize)
    encoder.push(engineNote('compare.diffImageSize', { a: ca.imageSize, b: cb.imageSize }));
  if (ca.patchSize !== cb.patchSize)
    encoder.push(engineNote('compare.diffPatchSize', { a: ca.patchSize, b: cb.patchSize }));
  if (encoder.length) differences.push(engineNote('compare.diffEncoders', { encoders: encoder.join(', ') }));
  if (ca.dataset !== cb.dataset || catlip[0].dataset_id !== baseline.dataset_id)
    differences.push(engineNote('compare.diffDatasets', { a: ca.dataset, b: cb.dataset }));
  if (ca.batch !== cb.batch) differences.push(engineNote('compare.diffBatch', { a: ca.batch, b: cb.batch }));
  // a dataset view is a different training set: the same filters on the same dataset give the same items
  const viewOf = (c: typeof ca) =>
    c.view ? engineNote('compare.view', { view: c.view.name }) : engineNote('compare.wholeDataset');
  if ((ca.view?.name ?? null) !== (cb.view?.name ?? null))
    differences.push(engineNote('compare.diffViews', { a: viewOf(ca), b: viewOf(cb) }));
  if (differences.length) {
    throw noteError('invalid-request', 'compare.notComparable', {
      catlip: catlip[0].id,
      baseline: baseline.id,
      objective: baseline.objective,
      differences: differences.join('; '),
    });
  }
  for (const r of rows) {
    if (!(r.compute_seconds > 0 && r.steps_done > 0))
      throw noteError('invalid-request', 'compare.noSteps', { run: r.id });
  }
  return { catlip: catlip[0], baseline };
}

function pilotRate(db: Db, row: RunRow, m: MeasuredRun): PilotRate {
  const config = runConfig(row);
  return {
    run: row.id,
    objective: config.objective,
    computeSecondsPerImage: m.compute_seconds_per_image!,
    energyKwhPerImage: m.energy_kwh_per_image,
    batch: config.batch,
    // CLIP projects both towers into the text preset's joint space (clip-objective.ts image_proj)
    embedDim: config.objective === 'clip' ? textPreset(config.model).embedDim : null,
    network: pilotNetwork(config),
    memory: pilotMemory(
      config,
      (config.vocabulary === null ? undefined : getVocabulary(db, config.vocabulary)?.size) ?? 1,
    ),
  };
}

/** The pilot network's fp32 training memory, for the largest per-GPU batch that fits the plan's GPU. */
function pilotMemory(config: RunConfig, vocabularySize: number): TrainingMemory {
  const encoder = vitPreset(config.model, { imageSize: config.imageSize, patchSize: config.patchSize });
  if (config.objective === 'clip') {
    return trainingMemory({
      objective: 'clip',
      encoder,
      text: { ...textPreset(config.model, { contextLength: config.contextLength }), vocabSize: config.tokenizerVocab },
    });
  }
  return trainingMemory({
    objective: config.objective,
    encoder,
    numClasses: config.objective === 'catlip' ? vocabularySize : config.tokenizerVocab,
  });
}

/** The pilot network the projection extrapolates from: the run's image encoder and, for CLIP, its text tower. */
function pilotNetwork(config: RunConfig): PilotNetwork {
  const encoder = vitPreset(config.model, { imageSize: config.imageSize, patchSize: config.patchSize });
  const text = config.objective === 'clip' ? textPreset(config.model, { contextLength: config.contextLength }) : null;
  return {
    model: config.model,
    imageSize: encoder.imageSize,
    patchSize: encoder.patchSize,
    width: encoder.width,
    depth: encoder.depth,
    text: text && { width: text.width, depth: text.depth, contextLength: text.contextLength },
  };
}

function withCost(m: MeasuredRun, settings: CostSettings): MeasuredWithCost {
  return {
    ...m,
    gpu_cost: settings.gpuCostPerHour === null ? null : m.gpu_hours * settings.gpuCostPerHour,
    energy_cost:
      typeof m.energy_kwh === 'number' && settings.electricityPerKwh !== null
        ? m.energy_kwh * settings.electricityPerKwh
        : null,
  };
}

function warningsFor(catlip: MeasuredRun, baseline: MeasuredRun): string[] {
  const warnings: string[] = [];
  if (catlip.device !== baseline.device || catlip.backend !== baseline.backend) {
    warnings.push(
      engineNote('compare.hardwareMismatch', {
        catlip: describeHardware(catlip),
        baseline: describeHardware(baseline),
      }),
    );
  }
  for (const m of [catlip, baseline]) {
    if (m.accelerator !== 'gpu') {
      warnings.push(engineNote('compare.notOnGpu', { run: m.run, reason: m.accelerator_reason }));
    }
  }
  if ((catlip.energy_kwh === 'not measured') !== (baseline.energy_kwh === 'not measured')) {
    warnings.push(engineNote('compare.energyOneRun'));
  }
  return warnings;
}
