import { z } from 'zod';
import { RunStatusSchema } from './run-status.js';
import { TrainerMessageSchema, TrainRequestSchema } from './training.js';
import { CompareRequestSchema, ComparisonSchema, CostSettingsPatchSchema, CostSettingsSchema } from './cost.js';
import { CorenetExportRequestSchema, CorenetExportSchema } from './corenet-export.js';
import { WeightExportRequestSchema, WeightExportSchema } from './weight-export.js';
import { EvalProgressSchema, EvaluationRequestSchema, EvaluationResultSchema } from './evaluation.js';
import { TrainingEstimateRequestSchema, TrainingEstimateSchema } from './estimate.js';
import { SystemStatusSchema } from './system.js';
import {
  VocabCurvePointSchema,
  VocabEditPreviewRequestSchema,
  VocabEditPreviewSchema,
  VocabEditRequestSchema,
  VocabEditSchema,
} from './vocab-edit.js';
import { DatasetLicenceSetSchema, DatasetProvenanceRequestSchema, DatasetProvenanceSchema } from './provenance.js';
import { ModelsListRequestSchema, PredictionSchema, PredictRequestSchema, SavedModelSchema } from './models.js';
import { DatasetViewFiltersSchema, DatasetViewSchema, ViewName } from './dataset-view.js';
import { ReportExportRequestSchema, ReportExportSchema, ReportRequestSchema, ReportSchema } from './report.js';

/**
 * The one typed contract between the UI and the engine: every channel's request and response schema and
 * every event's payload schema. Electron IPC (main + preload), the HTTP serve mode, the renderer and the
 * CLI all use this map; payloads are validated with it at every process boundary.
 */

export const LabelModeSchema = z.enum(['paper', 'corenet']);
/** Caption language: `auto` picks Japanese for captions written in Japanese script, else English. */
export const CaptionLanguageSchema = z.enum(['auto', 'en', 'ja']);
/** Formats a user can import; the embedded emoji demo data comes in through 'demo:prepare'. */
export const FormatSchema = z.enum(['auto', 'jsonl', 'csv', 'webdataset', 'coco', 'imagefolder']);
const DatasetName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'use 1-64 letters, digits, ".", "_" or "-"');

export const SkippedSchema = z.object({ source: z.string(), reason: z.string() });

/**
 * The largest decompression-bomb guard a request may set (sharp's own default, 16383²): above it one image
 * alone could take gigabytes to decode.
 */
export const MAX_PIXELS_LIMIT = 268_402_689;

export const ImportRequestSchema = z.object({
  path: z.string().min(1),
  name: DatasetName,
  format: FormatSchema.default('auto'),
  imageSize: z.number().int().min(16).max(1024).default(96),
  maxPixels: z.number().int().positive().max(MAX_PIXELS_LIMIT).optional(),
  /** Folders a JSONL/CSV manifest's image paths may point into besides the manifest's own folder. */
  imageRoots: z.array(z.string().min(1)).max(64).default([]),
});

export const ImportSummarySchema = z.object({
  dataset: z.string(),
  import: z.number().int(),
  format: z.string(),
  /** Items added by this import (a re-import of the same source adds 0). */
  items: z.number().int(),
  /** New images decoded into the cache by this import. */
  images: z.number().int(),
  /** Items/images already in the dataset from an earlier import of the same content. */
  already_present: z.number().int(),
  /** Images whose content (sha256) equals an image from another file. */
  duplicates: z.number().int(),
  skipped: z.array(SkippedSchema),
  skipped_count: z.number().int(),
  status: z.enum(['completed', 'cancelled']),
  seconds: z.number(),
  images_per_second: z.number(),
  totals: z.object({ items: z.number().int(), images: z.number().int(), classes: z.number().int() }),
});

export const DatasetInfoSchema = z.object({
  name: z.string(),
  kind: z.enum(['captions', 'labelled']),
  format: z.string(),
  source_path: z.string(),
  image_size: z.number().int(),
  items: z.number().int(),
  images: z.number().int(),
  classes: z.number().int(),
  splits: z.record(z.string(), z.number().int()),
  created_at: z.string(),
  updated_at: z.string(),
});

export const SynsetLabelSchema = z.object({ name: z.string(), offset: z.string(), word: z.string() });

export const VocabRequestSchema = z.object({
  dataset: DatasetName,
  mode: LabelModeSchema.default('paper'),
  minCount: z.number().int().min(1).optional(),
  /** Without minCount: CC3M's V_tau = 500 per 3.3M captions scaled to the dataset (default), or DataComp's per 1.3B. */
  threshold: z.enum(['cc3m', 'datacomp']).optional(),
  maxSize: z.number().int().min(1).optional(),
  top: z.number().int().min(0).max(1000).default(20),
  /** Nouns no wordnet maps become lemma classes (`ja:公園`) when frequent enough; default on in paper mode. */
  lemmaClasses: z.boolean().optional(),
});

export const VocabSummarySchema = z.object({
  vocabulary: z.number().int(),
  dataset: z.string(),
  mode: LabelModeSchema,
  min_count: z.number().int(),
  min_count_default: z.boolean(),
  /** The scaled paper threshold the min-count equals ('cc3m' or 'datacomp'), or null for a custom one. */
  threshold: z.enum(['cc3m', 'datacomp']).nullable(),
  max_size: z.number().int().nullable(),
  size: z.number().int(),
  captions: z.number().int(),
  coverage: z.number(),
  /** Classes that are WordNet synsets, and lemma classes (`ja:公園`, `en:ourbrand`): size = their sum. */
  synset_classes: z.number().int(),
  lemma_classes: z.number().int(),
  /** Share of captions with ≥ 1 synset class (coverage also counts lemma classes). */
  synset_coverage: z.number(),
  labels_per_caption: z.number(),
  /** A lemma class has kind 'lemma', its key as name and an empty offset. */
  top: z.array(
    z.object({ kind: z.enum(['synset', 'lemma']), name: z.string(), offset: z.string(), count: z.number().int() }),
  ),
  seconds: z.number(),
});

export const ImportProgressSchema = z.object({
  dataset: z.string(),
  processed: z.number().int(),
  items: z.number().int(),
  skipped: z.number().int(),
  items_per_second: z.number(),
  seconds: z.number(),
  /** Share of the source read, 0..1, when the source can tell; drives the ETA. */
  fraction: z.number().nullable(),
  eta_seconds: z.number().nullable(),
});

/** A caption with the words that became synsets marked: [start, end) are UTF-16 offsets into `caption`. */
export const SampleSchema = z.object({
  item: z.number().int(),
  caption: z.string(),
  /** Class name for labelled datasets, null for captions. */
  class_name: z.string().nullable(),
  /** The cached (resized, centre-cropped) image as a data:image/png URL. */
  thumbnail: z.string(),
  spans: z.array(
    z.object({
      start: z.number().int(),
      end: z.number().int(),
      synset: z.string(),
      offset: z.string(),
      /** False where the synset was pruned from the vocabulary (rare), true where it is a training label. */
      in_vocabulary: z.boolean(),
    }),
  ),
});

export const RunSummarySchema = z.object({
  run: z.number().int(),
  dataset: z.string(),
  objective: z.string(),
  model: z.string(),
  status: RunStatusSchema,
  steps: z.number().int(),
  steps_total: z.number().int(),
  final_loss: z.number().nullable(),
  first_loss: z.number().nullable(),
  images_per_second: z.number().nullable(),
  step_ms: z.object({ data: z.number().nullable(), compute: z.number().nullable() }),
  checkpoint_seconds: z.number(),
  backend: z.string().nullable(),
  device: z.string().nullable(),
  backend_notes: z.array(z.string()),
  error: z.string().nullable(),
});

const RunRef = z.object({ run: z.number().int().positive() });

export const RunDetailSchema = z.object({
  summary: RunSummarySchema,
  config: z.record(z.string(), z.unknown()),
  metrics: z.array(
    z.object({
      step: z.number().int(),
      loss: z.number(),
      lr: z.number(),
      images_per_second: z.number().nullable(),
      data_ms: z.number().nullable(),
      compute_ms: z.number().nullable(),
      memory_mb: z.number().nullable(),
    }),
  ),
  /** True while this engine hosts the run's trainer process. */
  active: z.boolean(),
});

export const channels = {
  'datasets:import': { request: ImportRequestSchema, response: ImportSummarySchema },
  'datasets:list': { request: z.object({}).default({}), response: z.array(DatasetInfoSchema) },
  /** Stops the dataset's running import (or demo import); what was imported so far is kept. */
  'datasets:import:cancel': {
    request: z.object({ dataset: DatasetName }),
    response: z.object({ cancelled: z.boolean() }),
  },
  /** Where a dataset's data came from (sources, dates, file hashes) and its licence state: entered, declared or unknown. */
  'datasets:provenance': { request: DatasetProvenanceRequestSchema, response: DatasetProvenanceSchema },
  /** Sets or clears a dataset's licence (SPDX id or free text) and its consent / personal-data notes. */
  'datasets:licence:set': { request: DatasetLicenceSetSchema, response: DatasetProvenanceSchema },
  /** A page of a dataset's samples with the synset words highlighted, for the gallery. */
  'datasets:samples': {
    request: z.object({
      dataset: DatasetName,
      mode: LabelModeSchema.default('paper'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(200).default(24),
    }),
    response: z.object({
      dataset: z.string(),
      total: z.number().int(),
      vocabulary: z.number().int().nullable(),
      samples: z.array(SampleSchema),
    }),
  },
  /** Data quality of a caption dataset before training (no vocabulary needed). */
  'datasets:quality': {
    /** view: the figures of a dataset view's items instead of the whole dataset. */
    request: z.object({
      dataset: DatasetName,
      mode: LabelModeSchema.default('paper'),
      top: z.number().int().min(0).max(500).default(20),
      view: ViewName.optional(),
    }),
    response: z.object({
      dataset: z.string(),
      mode: LabelModeSchema,
      captions: z.number().int(),
      /** The view whose items the figures are of; null: the whole dataset. */
      view: z.string().nullable(),
      /** Share of captions that give no class at all (no synset, no lemma class), and no synset. */
      no_class: z.number(),
      no_synset: z.number(),
      /** Captions by language, as `auto` labelling picks it. */
      languages: z.object({ en: z.number().int(), ja: z.number().int() }),
      /** Caption length in characters: buckets [min, max] (max null: open). */
      lengths: z.array(z.object({ min: z.number().int(), max: z.number().int().nullable(), count: z.number().int() })),
      /** The most frequent nouns no wordnet maps (lemma classes), candidates for the vocabulary editor. */
      unmatched: z.array(z.object({ lemma: z.string(), count: z.number().int() })),
      /** Images with the same content (sha256) as another file, found at import. */
      duplicate_images: z.number().int(),
      /**
       * Near-duplicate images by perceptual hash (dHash, at most `threshold` of 64 bits apart): `images` hashed,
       * `groups` of near-duplicates, `redundant` images that dropping near-duplicates would remove (all but one
       * per group), and the largest groups as examples (each image's id and where it was first seen).
       */
      near_duplicates: z.object({
        threshold: z.number().int(),
        images: z.number().int(),
        groups: z.number().int(),
        redundant: z.number().int(),
        examples: z.array(z.array(z.object({ id: z.number().int(), source: z.string() }))),
      }),
    }),
  },
  /**
   * Quality filters saved as a named, immutable view of a caption dataset (its items frozen), with the
   * coverage before and after; `preview: true` computes the same without saving (to show before training).
   */
  'datasets:view:create': {
    request: z.object({
      dataset: DatasetName,
      name: ViewName,
      mode: LabelModeSchema.default('paper'),
      filters: DatasetViewFiltersSchema,
      preview: z.boolean().default(false),
    }),
    response: DatasetViewSchema,
  },
  'datasets:views': { request: z.object({ dataset: DatasetName }), response: z.array(DatasetViewSchema) },
  'labels:caption': {
    request: z.object({
      caption: z.string(),
      mode: LabelModeSchema.default('paper'),
      lang: CaptionLanguageSchema.default('auto'),
    }),
    /** lemmas: the caption's nouns no wordnet maps, as lemma classes (`ja:公園`); empty in corenet mode. */
    response: z.object({ synsets: z.array(SynsetLabelSchema), lemmas: z.array(z.string()).optional() }),
  },
  'vocab:build': { request: VocabRequestSchema, response: VocabSummarySchema },
  /** A business vocabulary: the edits make a new immutable version (the edited one stays, runs point at it). */
  'vocab:edit': {
    request: VocabEditRequestSchema,
    response: VocabSummarySchema.extend({
      parent: z.number().int(),
      /** The whole edit list from the built vocabulary to this version, each with the class operations it resolved to. */
      edits: z.array(z.object({ edit: VocabEditSchema, ops: z.array(z.record(z.string(), z.unknown())) })),
      /** Training captions whose classes these edits changed (no caption is analysed again). */
      relabelled: z.number().int(),
    }),
  },
  /** The vocabulary curve and coverage of a version with edits not saved yet, nothing stored: the editor's live view. */
  'vocab:edit:preview': { request: VocabEditPreviewRequestSchema, response: VocabEditPreviewSchema },
  /** Size / coverage / labels-per-caption for every min-count, nothing stored: the live slider. */
  'vocab:preview': {
    request: z.object({ dataset: DatasetName, mode: LabelModeSchema.default('paper') }),
    response: z.object({
      dataset: z.string(),
      mode: LabelModeSchema,
      captions: z.number().int(),
      default_min_count: z.number().int(),
      /** DataComp's V_tau = 500 per 1.3B captions scaled to the dataset: the alternative to the default (CC3M's). */
      datacomp_min_count: z.number().int(),
      points: z.array(VocabCurvePointSchema),
    }),
  },
  /** This machine's compute backends, GPU and the backend `auto` would use (probed once; `refresh` probes again). */
  'system:status': {
    request: z.object({ refresh: z.boolean().default(false) }).default({ refresh: false }),
    response: SystemStatusSchema,
  },
  /** Parameters, FLOPs, memory and (from earlier runs on this machine) time per step of planned runs. */
  'training:estimate': { request: TrainingEstimateRequestSchema, response: TrainingEstimateSchema },
  'runs:list': { request: z.object({}).default({}), response: z.array(RunSummarySchema) },
  'runs:get': { request: RunRef, response: RunDetailSchema },
  /** Starts a run's trainer process and returns at once; progress arrives as 'training:message' events. */
  'training:start': { request: TrainRequestSchema, response: RunRef },
  /** Continues an interrupted, paused-by-crash, failed or cancelled run from its last checkpoint. */
  'training:resume': { request: RunRef, response: RunRef },
  'training:pause': { request: RunRef, response: RunRef },
  'training:unpause': { request: RunRef, response: RunRef },
  'training:cancel': { request: RunRef, response: RunRef },
  /** Transfer evaluation of a run on a labelled set: linear probe, fine-tune or zero-shot. */
  'eval:run': { request: EvaluationRequestSchema, response: EvaluationResultSchema },
  'eval:list': {
    request: z.object({ run: z.number().int().optional() }).default({}),
    response: z.array(EvaluationResultSchema),
  },
  /** Saved downstream models (eval --save), newest first; only one run's when `run` is given. */
  'models:list': { request: ModelsListRequestSchema, response: z.array(SavedModelSchema) },
  /** "Try it": the run's pretrained scores for one image and, with `model`, the saved model's classes. */
  'predict:image': { request: PredictRequestSchema, response: PredictionSchema },
  'cost:settings:get': { request: z.object({}).default({}), response: CostSettingsSchema },
  'cost:settings:set': { request: CostSettingsPatchSchema, response: CostSettingsSchema },
  /** Measured time/cost of a CatLIP and a baseline run, and the full-scale projection. */
  'cost:compare': { request: CompareRequestSchema, response: ComparisonSchema },
  'export:corenet': { request: CorenetExportRequestSchema, response: CorenetExportSchema },
  'export:weights': { request: WeightExportRequestSchema, response: WeightExportSchema },
  /** The management report of a CatLIP run and its baseline(s), built for preview (HTML + chart SVGs). */
  'report:build': { request: ReportRequestSchema, response: ReportSchema },
  /** Writes the report as PDF, self-contained HTML or CSV and records it in the reports table. */
  'report:export': { request: ReportExportRequestSchema, response: ReportExportSchema },
  /**
   * Serve mode's file browser for import sources: a folder's sub-folders and importable files, only inside
   * the folders the engine may show (its home and the roots it was started with); no path: those roots.
   */
  'files:browse': {
    request: z.object({ path: z.string().min(1).max(4096).optional() }).default({}),
    response: z.object({
      path: z.string().nullable(),
      parent: z.string().nullable(),
      roots: z.array(z.string()),
      entries: z.array(z.object({ name: z.string(), path: z.string(), kind: z.enum(['folder', 'file']) })),
    }),
  },
  'demo:prepare': {
    request: z.object({ mode: LabelModeSchema.default('paper') }).default({ mode: 'paper' }),
    response: z.object({
      captions: ImportSummarySchema,
      categories: ImportSummarySchema,
      vocabulary: VocabSummarySchema,
    }),
  },
} as const;

export const events = {
  'import:progress': ImportProgressSchema,
  'training:message': TrainerMessageSchema,
  'eval:progress': EvalProgressSchema,
  /** Desktop app only: the engine's utility process exited unexpectedly (main sends it; the UI says so). */
  'engine:crashed': z.object({ code: z.number().int().nullable() }),
} as const;

export type Channel = keyof typeof channels;
export type EventName = keyof typeof events;
/** What a caller passes (defaults may be omitted). */
export type RequestInput<C extends Channel> = z.input<(typeof channels)[C]['request']>;
/** What a handler receives (defaults filled in). */
export type Request<C extends Channel> = z.output<(typeof channels)[C]['request']>;
export type Response<C extends Channel> = z.output<(typeof channels)[C]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export type ImportSummary = Response<'datasets:import'>;
export type ImportProgress = EventPayload<'import:progress'>;
export type VocabSummary = Response<'vocab:build'>;
export type DatasetInfo = z.output<typeof DatasetInfoSchema>;
