import { engineNote } from '../../shared/engine-notes.js';
import { describeZodError, EngineError, noteError } from '../../shared/errors.js';
import type { Comparison, CostSettings, MeasuredWithCost, RunProjection } from '../../shared/cost.js';
import type { EvaluationResult } from '../../shared/evaluation.js';
import { ReportRequestSchema, type ReportLang, type ReportRequest } from '../../shared/report.js';
import type { DatasetProvenance } from '../../shared/provenance.js';
import type { RunConfig } from '../../shared/training.js';
import { findDataset } from '../datasets/dataset-repository.js';
import { datasetProvenance } from '../datasets/provenance-repository.js';
import { compareRuns } from '../cost/compare.js';
import { evaluationResultOf, listEvaluations } from '../evaluation/evaluation-repository.js';
import type { Db } from '../store/database.js';
import { vocabularyThresholdRow } from '../vocab/vocabulary-repository.js';
import { getRun, runConfig, runMetrics, type MetricRow, type RunRow } from '../training/run-repository.js';
import { runSummary, type RunSummary } from '../training/run-summary.js';
import { thresholdOf, type VocabThreshold } from '../vocab/vocabulary.js';

/**
 * Everything a report shows, read once from the database: the runs with their configs, summaries, metrics
 * per step, measured time and cost (compareRuns, which also refuses unfair pairs), the projection, and
 * the transfer evaluations grouped so that results of the same test sit side by side. The document
 * builders format this in one language; the CSV exporter writes it as numbers.
 */

export type RunRole = 'catlip' | 'clip' | 'superclass';

/** The objective each position of `runs` must have: CatLIP, its CLIP baseline, optionally SuperClass. */
export const RUN_ROLES: readonly RunRole[] = ['catlip', 'clip', 'superclass'];

export interface ReportRun {
  id: number;
  role: RunRole;
  row: RunRow;
  config: RunConfig;
  summary: RunSummary;
  metrics: MetricRow[];
  measured: MeasuredWithCost;
  /** This run's full-scale projection; null while plan inputs are missing. */
  projected: RunProjection | null;
  /** Synsets in the CatLIP run's vocabulary. */
  vocabularySize: number | null;
  /** Its min-count and which paper threshold (scaled to its captions) that is; null without a vocabulary. */
  vocabularyThreshold: { minCount: number; captions: number; threshold: VocabThreshold | null } | null;
}

/** One downstream test (dataset, method, init, label fraction) with each run's latest result, in run order. */
export interface AccuracyRow {
  dataset: string;
  method: EvaluationResult['method'];
  init: EvaluationResult['init'];
  fraction: number;
  results: (EvaluationResult | null)[];
}

export interface ReportData {
  lang: ReportLang;
  runs: ReportRun[];
  catlip: ReportRun;
  clip: ReportRun;
  superclass: ReportRun | null;
  /** CatLIP against each baseline, in run order (the CLIP comparison first). */
  comparisons: Comparison[];
  settings: CostSettings;
  accuracy: AccuracyRow[];
  /** Sources and licence of each training dataset (one per dataset the runs trained on). */
  provenance: DatasetProvenance[];
  generatedAt: Date;
}

const METHOD_ORDER = ['linear-probe', 'finetune', 'zero-shot'];
const INIT_ORDER = ['random', 'transfer', 'none'];

export function loadReportData(db: Db, input: ReportRequest, generatedAt = new Date()): ReportData {
  const parsed = ReportRequestSchema.safeParse(input);
  if (!parsed.success) throw new EngineError('invalid-request', `report: ${describeZodError(parsed.error)}`);
  const { runs: ids, lang, allowMismatch, repeats } = parsed.data;
  const uneven = repeats.find((set) => set.length !== ids.length);
  if (uneven)
    throw noteError(
      'invalid-request',
      'report.uneven',
      { count: ids.length, got: uneven.join(',') },
      { field: 'repeats' },
    );
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined) throw noteError('invalid-request', 'report.twice', { run: repeated }, { field: 'runs' });
  const rows = ids.map((id) => getRun(db, id));
  rows.forEach((row, i) => {
    if (row.objective !== RUN_ROLES[i]) {
      const id = (['report.orderCatlip', 'report.orderClip', 'report.orderSuperclass'] as const)[i]!;
      throw noteError('invalid-request', id, { run: row.id, objective: row.objective }, { field: 'runs' });
    }
  });
  const unfinished = rows.filter((r) => r.status !== 'completed');
  if (unfinished.length) {
    const states = unfinished.map((r) =>
      engineNote('report.runState', { run: r.id, status: r.status, done: r.steps_done, total: r.steps_total }),
    );
    throw noteError('invalid-request', 'report.unfinished', { runs: states.join(', ') }, { field: 'runs' });
  }

  // compareRuns refuses pairs that differ in more than the objective (encoder, data, batch, hardware unless
  // allowMismatch) and measures both
  const comparisons = rows.slice(1).map((baseline, i) =>
    compareRuns(db, {
      runs: [rows[0].id, baseline.id],
      allowMismatch,
      repeats: repeats.map((set) => [set[0], set[i + 1]] as [number, number]),
    }),
  );
  const projectionOf = (c: Comparison, side: 'catlip' | 'baseline') =>
    'speedup' in c.projected ? c.projected[side] : null;
  const runs: ReportRun[] = rows.map((row, i) => {
    const config = runConfig(row);
    const comparison = comparisons[Math.max(0, i - 1)];
    const side = i === 0 ? 'catlip' : 'baseline';
    return {
      id: row.id,
      role: RUN_ROLES[i],
      row,
      config,
      summary: runSummary(db, row.id),
      metrics: runMetrics(db, row.id),
      measured: comparison.measured[side],
      projected: projectionOf(comparison, side),
      ...vocabularyOf(db, config.vocabulary),
    };
  });
  return {
    lang,
    runs,
    catlip: runs[0],
    clip: runs[1],
    superclass: runs[2] ?? null,
    comparisons,
    settings: comparisons[0].settings,
    accuracy: accuracyRows(db, ids),
    provenance: [...new Set(runs.map((r) => r.config.dataset))].flatMap((name) =>
      findDataset(db, name) ? [datasetProvenance(db, name)] : [],
    ),
    generatedAt,
  };
}

function vocabularyOf(db: Db, id: number | null): Pick<ReportRun, 'vocabularySize' | 'vocabularyThreshold'> {
  const v = id === null ? undefined : vocabularyThresholdRow(db, id);
  return v
    ? {
        vocabularySize: v.size,
        vocabularyThreshold: {
          minCount: v.min_count,
          captions: v.captions,
          threshold: thresholdOf(v.min_count, v.captions),
        },
      }
    : { vocabularySize: null, vocabularyThreshold: null };
}

/** Each run's latest evaluation of every (dataset, method, init, fraction), ordered for reading. */
function accuracyRows(db: Db, ids: number[]): AccuracyRow[] {
  const rows = new Map<string, AccuracyRow>();
  ids.forEach((id, index) => {
    for (const evaluation of listEvaluations(db, id).map((row) => evaluationResultOf(db, row))) {
      const key = JSON.stringify([evaluation.dataset, evaluation.method, evaluation.init, evaluation.fraction]);
      const row = rows.get(key) ?? {
        dataset: evaluation.dataset,
        method: evaluation.method,
        init: evaluation.init,
        fraction: evaluation.fraction,
        results: ids.map(() => null),
      };
      row.results[index] = evaluation; // listed in creation order: the latest one stays
      rows.set(key, row);
    }
  });
  return [...rows.values()].sort(
    (a, b) =>
      a.dataset.localeCompare(b.dataset) ||
      METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method) ||
      INIT_ORDER.indexOf(a.init) - INIT_ORDER.indexOf(b.init) ||
      b.fraction - a.fraction,
  );
}

/** Lowest loss recorded, and the fastest step's images per second; null without metrics. */
export function bestValues(run: ReportRun): {
  bestLoss: number | null;
  peakImagesPerSecond: number | null;
  peakMemoryMb: number | null;
} {
  // reduce, not Math.max(...v): a long run has more steps than a call may take arguments
  const extreme = (values: (number | null)[], pick: (a: number, b: number) => number) =>
    values.reduce<number | null>(
      (best, x) => (x === null || !Number.isFinite(x) ? best : best === null ? x : pick(best, x)),
      null,
    );
  const max = (values: (number | null)[]) => extreme(values, Math.max);
  return {
    bestLoss: extreme(
      run.metrics.map((m) => m.loss),
      Math.min,
    ),
    peakImagesPerSecond: max(run.metrics.map((m) => m.images_per_second)),
    peakMemoryMb: max(run.metrics.map((m) => m.memory_mb)),
  };
}
