import { datasetProvenance, setDatasetLicence } from '../datasets/provenance-repository.js';
import path from 'node:path';
import type { Channel, RequestInput, Response } from '../../shared/channels.js';
import { invoke, type Handlers } from '../../shared/invoke.js';
import { listDatasets } from '../datasets/dataset-repository.js';
import { markInterruptedImports } from '../datasets/import-repository.js';
import { importDataset } from '../datasets/import-dataset.js';
import { cancelImport } from '../datasets/running-imports.js';
import { datasetSamples } from '../datasets/dataset-samples.js';
import { dataQuality } from '../datasets/data-quality.js';
import { createView, listViews } from '../datasets/dataset-views.js';
import { prepareDemo } from '../demo/prepare-demo.js';
import { openSource } from '../datasets/sources/open-source.js';
import { createLabeler } from '../labeling/labeler.js';
import { prepareCaptionLabelling, prepareLabelling } from '../labeling/prepare-labelling.js';
import { openDatabase, type Db } from '../store/database.js';
import { buildVocabulary } from '../vocab/vocabulary.js';
import { vocabularyCurve } from '../vocab/vocabulary-curve.js';
import { editVocabulary } from '../vocab/vocabulary-edit.js';
import { editedVocabularyCurve } from '../vocab/edited-vocabulary-curve.js';
import { requireVocabulary } from '../vocab/vocabulary-version-repository.js';
import { EngineEvents } from './engine-events.js';
import type { z } from 'zod';
import { describeZodError, EngineError } from '../../shared/errors.js';
import { TrainRequestSchema } from '../../shared/training.js';
import { resolveRunConfig } from '../training/run-config.js';
import { createRun, listRuns, markInterruptedRuns } from '../training/run-repository.js';
import { runSummary } from '../training/run-summary.js';
import { TrainingService } from '../training/training-service.js';
import { compareRuns } from '../cost/compare.js';
import { getCostSettings, setCostSettings } from '../cost/settings.js';
import { exportCorenet } from '../export/corenet.js';
import { exportRunWeights } from '../export/weights/export-weights.js';
import { runEvaluation } from '../evaluation/run-evaluation.js';
import { estimateTraining } from '../training/estimate.js';
import { SystemStatusService } from '../system/system-status.js';
import { evaluationResultOf, listEvaluations } from '../evaluation/evaluation-repository.js';
import { buildReport, exportReport } from '../report/build-report.js';
import { getReportFile, type ReportFile } from '../report/report-files.js';
import { browseFiles } from '../files/browse-files.js';
import { listSavedModelRows, savedModelOf } from '../models/model-repository.js';
import { predictImage } from '../models/predict-request.js';
import { PredictorCache } from '../models/predictor-cache.js';

export interface EngineOptions {
  /** Folders besides the home that serve mode's file browser may list (none by default). */
  browseRoots?: string[];
}

/**
 * The engine behind every transport: owns the database of one home directory and implements each channel
 * of the shared map. Pure Node — never imports electron.
 */
export class Engine {
  readonly db: Db;
  readonly events = new EngineEvents();
  readonly handlers: Handlers;
  readonly training: TrainingService;
  readonly system: SystemStatusService;
  /** Try it's models, kept open between requests. */
  readonly predictors: PredictorCache;
  /** What serve mode's file browser may list: the home, plus the folders serve mode allows (`--allow-path`). */
  readonly browseRoots: string[] = [];

  constructor(
    readonly home: string,
    options: EngineOptions = {},
  ) {
    const browseRoots = this.browseRoots;
    browseRoots.push(home, ...(options.browseRoots ?? []));
    this.db = openDatabase(home);
    // runs left 'running' by a trainer that crashed or was killed become resumable
    markInterruptedRuns(this.db);
    // and imports left 'running' by a process that died: marked, so a new import of the source resumes them
    markInterruptedImports(this.db);
    this.training = new TrainingService(this.db, home, (m) => this.events.emit('training:message', m));
    this.system = new SystemStatusService(home);
    this.predictors = new PredictorCache(this.db, home);
    this.handlers = {
      'system:status': async ({ refresh }) => this.system.get(refresh),
      'training:estimate': async (req) => estimateTraining(this.db, req),
      'datasets:import': async (req) => {
        const source = await openSource(path.resolve(req.path), req.format, {
          imageRoots: req.imageRoots.map((r) => path.resolve(r)),
        });
        return importDataset(this.db, this.home, source, {
          name: req.name,
          imageSize: req.imageSize,
          maxPixels: req.maxPixels,
          onProgress: (p) => this.events.emit('import:progress', p),
        });
      },
      'datasets:list': async () => listDatasets(this.db),
      'datasets:import:cancel': async ({ dataset }) => ({ cancelled: cancelImport(this.db, dataset) }),
      'datasets:provenance': async ({ dataset }) => datasetProvenance(this.db, dataset),
      'datasets:licence:set': async (req) => setDatasetLicence(this.db, req),
      'datasets:samples': async (req) => {
        await prepareLabelling(this.db, req.dataset);
        return datasetSamples(this.db, this.home, req);
      },
      'datasets:quality': async (req) => {
        await prepareLabelling(this.db, req.dataset);
        return dataQuality(this.db, this.home, req.dataset, req.mode, req.top, req.view);
      },
      'datasets:view:create': async (req) => {
        await prepareLabelling(this.db, req.dataset);
        return createView(this.db, this.home, req, !req.preview);
      },
      'datasets:views': async (req) => listViews(this.db, req.dataset),
      'labels:caption': async (req) => {
        await prepareCaptionLabelling([req.caption], req.lang);
        return createLabeler(req.mode, { lang: req.lang }).classes(req.caption);
      },
      'demo:prepare': async (req) =>
        prepareDemo(this.db, this.home, req.mode, (p) => this.events.emit('import:progress', p)),
      'vocab:build': async (req) => {
        await prepareLabelling(this.db, req.dataset);
        return buildVocabulary(this.db, req);
      },
      'vocab:edit': async (req) => {
        await prepareLabelling(this.db, requireVocabulary(this.db, req.vocabulary).dataset_name);
        return editVocabulary(this.db, req);
      },
      'vocab:edit:preview': async (req) => {
        await prepareLabelling(this.db, requireVocabulary(this.db, req.vocabulary).dataset_name);
        return editedVocabularyCurve(this.db, req);
      },
      'vocab:preview': async (req) => {
        await prepareLabelling(this.db, req.dataset);
        return vocabularyCurve(this.db, req.dataset, req.mode);
      },
      'runs:list': async () => listRuns(this.db).map((r) => runSummary(this.db, r.id)),
      'runs:get': async ({ run }) => this.training.detail(run),
      'eval:run': async (req) =>
        runEvaluation(this.db, this.home, req, { onProgress: (p) => this.events.emit('eval:progress', p) }),
      'eval:list': async ({ run }) => listEvaluations(this.db, run).map((row) => evaluationResultOf(this.db, row)),
      'models:list': async ({ run }) => listSavedModelRows(this.db, run).map(savedModelOf),
      'predict:image': async (req) => predictImage(this.predictors, req),
      'cost:settings:get': async () => getCostSettings(this.db),
      'cost:settings:set': async (req) => setCostSettings(this.db, req),
      'cost:compare': async (req) => compareRuns(this.db, req),
      'export:corenet': async (req) => exportCorenet(this.db, req),
      'export:weights': async (req) => exportRunWeights(this.db, this.home, req),
      'report:build': async (req) => buildReport(this.db, req),
      'report:export': async (req) => exportReport(this.db, this.home, req),
      'files:browse': async (req) => browseFiles(browseRoots, req.path),
      'training:start': async (req) => {
        // Resolving the run may build the dataset's vocabulary, which labels its captions.
        await prepareLabelling(this.db, req.dataset);
        const run = this.createRun(req);
        this.training.start(run);
        return { run };
      },
      'training:resume': async ({ run }) => {
        this.training.start(run);
        return { run };
      },
      'training:pause': async ({ run }) => (this.training.command(run, 'pause'), { run }),
      'training:unpause': async ({ run }) => (this.training.command(run, 'resume'), { run }),
      'training:cancel': async ({ run }) => (this.training.command(run, 'cancel'), { run }),
    };
  }

  /** Validated call through the channel map: what IPC, HTTP and the CLI all use. */
  invoke<C extends Channel>(channel: C, request: RequestInput<C>): Promise<Response<C>> {
    return invoke(this.handlers, channel, request);
  }

  /** Validates a train request, resolves it into a run config and stores the run (status 'queued'). */
  createRun(request: z.input<typeof TrainRequestSchema>): number {
    const parsed = TrainRequestSchema.safeParse(request);
    if (!parsed.success) throw new EngineError('invalid-request', `train: ${describeZodError(parsed.error)}`);
    const { config, datasetId } = resolveRunConfig(this.db, parsed.data);
    return createRun(this.db, datasetId, config);
  }

  /** An exported report's file by id (serve mode streams it at /api/reports/ID/file). */
  reportFile(id: number): ReportFile {
    return getReportFile(this.db, id);
  }

  markInterruptedRuns(): number[] {
    return markInterruptedRuns(this.db);
  }

  close(): void {
    this.predictors.close();
    this.db.close();
  }
}
