/**
 * Transfer evaluation of a pre-training run on a labelled dataset: linear probe, fine-tune or zero-shot,
 * with a random or Transfer-Init head, on a stratified fraction of the train split; measured on the test
 * split and stored in `evaluations` with the exact settings.
 */
import path from 'node:path';
import * as tf from '../tfjs.js';
import { describeZodError, EngineError, noteError } from '../../shared/errors.js';
import type { Db } from '../store/database.js';
import { HEAD_PREFIX } from '../training/model/classifier-head.js';
import { getRun } from '../training/run-repository.js';
import { loadWordNet } from '../wordnet/wordnet.js';
import { insertSavedModel, modelNameTaken } from '../models/model-repository.js';
import { freeModelName, writeSavedModel, type TrainedClassifier } from '../models/save-model.js';
import {
  matchClassesToVocabulary,
  PATH_SIMILARITY_THRESHOLD,
  type ClassMatch,
  type VocabularyEntry,
} from './class-synsets.js';
import { evaluationDetails, insertEvaluation, vocabularyEntries } from './evaluation-repository.js';
import {
  DEFAULT_ZERO_SHOT_CORRECTION,
  ZERO_SHOT_CORRECTION_STORED,
  EvaluationRequestSchema,
  type EvalProgress,
  type EvaluationRequest,
  type EvaluationResult,
  type ParsedEvaluationRequest,
} from '../../shared/evaluation.js';
import {
  featureCacheFile,
  readFeatureCache,
  rowsOf,
  writeFeatureCache,
  type CachedFeatures,
  type FeatureKey,
} from './feature-cache.js';
import { mapImages } from './map-images.js';
import { CLASSIFIER, finetune, FINETUNE_DEFAULTS } from './finetune.js';
import { stratifiedSubset } from './fraction.js';
import { loadLabelledSet, type LabelledSet } from './labelled-set.js';
import {
  fitStandardisation,
  headOnStandardised,
  linearScores,
  PROBE_DEFAULTS,
  standardise,
  trainLinearProbe,
} from './linear-probe.js';
import { classificationMetrics } from './metrics.js';
import { loadRunModel, type LoadedRunModel } from './run-model.js';
import {
  balanceTransferredHead,
  randomHead,
  transferHead,
  type LinearHead,
  type TransferBalance,
} from './transfer-init.js';
import {
  catlipClassScores,
  CLIP_PROMPTS,
  clipPromptEmbeddings,
  priorLogOdds,
  superclassClassScores,
  superclassClassTokens,
} from './zero-shot.js';
import {
  applyCalibration,
  calibrationSample,
  fitCalibration,
  reachableShare,
  zeroShotWarnings,
  type ZeroShotCorrection,
} from './zero-shot-calibration.js';

export interface RunEvaluationOptions {
  onProgress?: (progress: EvalProgress) => void;
  signal?: AbortSignal;
}

/** Names the feature preprocessing (augment.ts evalBatch: whole-image bilinear resize, ImageNet mean/std). */
const FEATURE_PREPROCESSING = 'eval-resize-bilinear/imagenet-normalisation/v1';

/** What a method produced: test scores [test items, classes] and what to store about how. */
interface MethodOutcome {
  scores: Float32Array;
  trainItems: number;
  unmatched: string[];
  settings: Record<string, unknown>;
  /** The trained classifier, read out only when the request saves it. */
  classifier?: TrainedClassifier;
}

export async function runEvaluation(
  db: Db,
  home: string,
  request: EvaluationRequest,
  options: RunEvaluationOptions = {},
): Promise<EvaluationResult> {
  const started = performance.now();
  const parsed = EvaluationRequestSchema.safeParse(request);
  if (!parsed.success) throw new EngineError('invalid-request', `eval: ${describeZodError(parsed.error)}`);
  const req = parsed.data;
  const init = checkRequest(db, req);
  const set = loadLabelledSet(db, home, req.dataset);
  try {
    const loaded = await loadRunModel(db, home, req.run, { backend: req.backend });
    try {
      const progress = (phase: EvalProgress['phase']) => (done: number, total: number) =>
        options.onProgress?.({ run: req.run, dataset: set.dataset.name, phase, done, total });
      const matches =
        init === 'transfer' || (req.method === 'zero-shot' && loaded.model.objective === 'catlip')
          ? matchRunClasses(db, loaded, set.classes)
          : undefined;
      const context: MethodContext = { db, home, req, init, set, loaded, matches, progress, signal: options.signal };
      const outcome =
        req.method === 'zero-shot'
          ? await zeroShot(context)
          : req.method === 'finetune'
            ? await finetuneMethod(context)
            : await linearProbe(context);

      const metrics = classificationMetrics(outcome.scores, set.test.labels, set.classes);
      const seconds = (performance.now() - started) / 1000;
      const settings = {
        run: req.run,
        dataset: set.dataset.name,
        dataset_id: set.dataset.id,
        objective: loaded.model.objective,
        model: loaded.config.model,
        method: req.method,
        init,
        fraction: req.fraction,
        seed: req.seed,
        checkpoint_step: loaded.checkpoint.step,
        weights: loaded.weights,
        backend_request: req.backend ?? loaded.config.backend,
        backend: loaded.backend.backend,
        device: loaded.backend.device,
        image_size: loaded.model.encoder.imageSize,
        preprocessing: FEATURE_PREPROCESSING,
        classes: set.classes.length,
        train_items: outcome.trainItems,
        test_items: set.test.labels.length,
        test_split: set.test.name,
        ...outcome.settings,
        ...(matches ? { matching: { threshold: PATH_SIMILARITY_THRESHOLD, classes: describeMatches(matches) } } : {}),
      };
      const details = evaluationDetails(settings);
      const saved =
        outcome.classifier && req.method !== 'zero-shot'
          ? writeSavedModel(home, {
              name: req.name ?? freeModelName(db, `${set.dataset.name}-${req.method}-run${req.run}`),
              method: req.method,
              run: req.run,
              objective: loaded.model.objective,
              checkpointStep: loaded.checkpoint.step,
              datasetId: set.dataset.id,
              encoder: loaded.model.encoder,
              recordSize: set.cache.size,
              classes: set.classes,
              top1: metrics.top1,
              top5: metrics.top5,
              classifier: outcome.classifier,
            })
          : undefined;
      let evaluation: number;
      let savedModel: number | undefined;
      try {
        // the evaluation and the model it kept are stored together or not at all
        ({ evaluation, savedModel } = db.transaction(() => {
          const id = insertEvaluation(db, {
            run: req.run,
            datasetId: set.dataset.id,
            method: req.method,
            init,
            fraction: req.fraction,
            seed: req.seed,
            settings,
            top1: metrics.top1,
            top5: metrics.top5,
            perClass: metrics.perClass,
            classes: set.classes,
            confusion: metrics.confusion,
            unmatchedClasses: outcome.unmatched,
            seconds,
          });
          return {
            evaluation: id,
            savedModel: saved ? insertSavedModel(db, { ...saved.row, evaluation_id: id }) : undefined,
          };
        })());
      } catch (e) {
        saved?.discard();
        throw e;
      }
      return {
        evaluation,
        run: req.run,
        dataset: set.dataset.name,
        method: req.method,
        init,
        fraction: req.fraction,
        seed: req.seed,
        top1: metrics.top1,
        top5: metrics.top5,
        per_class: metrics.perClass,
        classes: set.classes,
        confusion: metrics.confusion,
        unmatched_classes: outcome.unmatched,
        train_items: outcome.trainItems,
        test_items: set.test.labels.length,
        backend: loaded.backend.backend,
        seconds,
        ...(details ? { details } : {}),
        ...(savedModel !== undefined ? { saved_model: savedModel } : {}),
      };
    } finally {
      loaded.model.dispose();
    }
  } finally {
    set.cache.close();
  }
}

/** The init the method runs with, refusing combinations that mean nothing — before any model is loaded. */
function checkRequest(db: Db, req: ParsedEvaluationRequest): EvaluationResult['init'] {
  const misplaced = (['steps', 'epochs', 'batch', 'lr', 'correction'] as const).filter(
    (option) => req[option] !== undefined && !OPTIONS_OF[req.method].includes(option),
  );
  if (misplaced.length)
    throw noteError(
      'invalid-request',
      'eval.misplacedOption',
      { method: req.method, option: misplaced[0] === 'correction' ? 'zero-shot-correction' : misplaced[0] },
      { field: misplaced[0] },
    );
  const init = req.init ?? (req.method === 'zero-shot' ? 'none' : 'random');
  if (req.method === 'zero-shot') {
    if (init !== 'none') throw noteError('invalid-request', 'eval.zeroShotInit', {}, { field: 'init' });
    if (req.fraction !== 1) throw noteError('invalid-request', 'eval.zeroShotFraction', {}, { field: 'fraction' });
  } else if (init === 'none') {
    throw noteError('invalid-request', 'eval.needsInit', { method: req.method }, { field: 'init' });
  }
  if (req.save && req.method === 'zero-shot')
    throw noteError('invalid-request', 'eval.zeroShotSave', {}, { field: 'save' });
  if (req.name !== undefined && !req.save)
    throw noteError('invalid-request', 'eval.nameWithoutSave', {}, { field: 'name' });
  if (req.name !== undefined && modelNameTaken(db, req.name)) {
    throw noteError('conflict', 'model.nameTaken', { name: req.name }, { field: 'name' });
  }
  const objective = getRun(db, req.run).objective;
  if (req.correction !== undefined && objective !== 'catlip') {
    throw noteError(
      'invalid-request',
      'eval.correctionNotCatlip',
      { run: req.run, objective },
      { field: 'correction' },
    );
  }
  if (init === 'transfer' && objective !== 'catlip') {
    throw noteError('unsupported', 'eval.transferNotCatlip', { run: req.run, objective }, { field: 'init' });
  }
  return init;
}

/** The tuning options each method reads (an option it would ignore is refused rather than silently dropped). */
const OPTIONS_OF: Record<ParsedEvaluationRequest['method'], readonly string[]> = {
  'linear-probe': ['steps'],
  finetune: ['epochs', 'batch', 'lr'],
  'zero-shot': ['correction'],
};

interface MethodContext {
  db: Db;
  home: string;
  req: ParsedEvaluationRequest;
  init: EvaluationResult['init'];
  set: LabelledSet;
  loaded: LoadedRunModel;
  matches?: ClassMatch[];
  progress: (phase: EvalProgress['phase']) => (done: number, total: number) => void;
  signal?: AbortSignal;
}

function matchRunClasses(db: Db, loaded: LoadedRunModel, classes: string[]): ClassMatch[] {
  const vocabulary: VocabularyEntry[] =
    loaded.config.vocabulary === null ? [] : vocabularyEntries(db, loaded.config.vocabulary).entries;
  return matchClassesToVocabulary(loadWordNet(), classes, vocabulary);
}

function describeMatches(matches: ClassMatch[]) {
  return matches.map((m) => ({ class: m.className, how: m.how, positions: m.positions, words: m.words }));
}

/** The train subset of the requested fraction: cache records and class indices. */
function trainSubset({ set, req }: MethodContext): { cacheIndex: Int32Array; labels: Int32Array } {
  const subset = stratifiedSubset(set.train.labels, req.fraction, req.seed);
  return { cacheIndex: subset.map((i) => set.train.cacheIndex[i]), labels: subset.map((i) => set.train.labels[i]) };
}

/**
 * The initial head on raw features: a fresh random one, or Transfer Init from the CatLIP head, balanced on
 * the train subset's raw features (the pre-training prior removed, see transfer-init.ts).
 */
async function initialHead(
  ctx: MethodContext,
  train: { raw: Float32Array; labels: Int32Array },
): Promise<{ head: LinearHead; unmatched: string[]; balance?: TransferBalance }> {
  const { init, loaded, matches, set, req } = ctx;
  const width = loaded.model.encoder.width;
  if (init !== 'transfer') return { head: randomHead(width, set.classes.length, req.seed), unmatched: [] };
  const variables = loaded.model.variables;
  const kernel = (await variables.get(`${HEAD_PREFIX}/kernel`).data()) as Float32Array;
  const bias = (await variables.get(`${HEAD_PREFIX}/bias`).data()) as Float32Array;
  const { head, unmatched } = transferHead(matches!, { width, classes: bias.length, kernel, bias }, req.seed);
  // fine-tuning smooths its targets: the start is fitted to that loss
  const smoothing = ctx.req.method === 'finetune' ? FINETUNE_DEFAULTS.labelSmoothing : 0;
  const balanced = await balanceTransferredHead(head, train.raw, train.labels, smoothing);
  // rows that carry nothing for this task (scale 0) transfer nothing: start from the random head, as a class
  // without a synset does, rather than from a zero kernel (whose first steps give the encoder no gradient)
  if (balanced.balance.scale === 0)
    return { head: randomHead(width, set.classes.length, req.seed), unmatched, balance: balanced.balance };
  return { unmatched, ...balanced };
}

/** How the transferred rows were turned into the start head, for the stored settings. */
function transferSettings(balance: TransferBalance | undefined, rewrite?: string) {
  if (!balance) return {};
  return {
    transfer: {
      method:
        'pretrained rows; logits centred over the train subset, scaled by s ∈ [0, 1] minimising train cross-entropy, ' +
        'biases matching the class frequencies',
      ...balance,
      ...(rewrite ? { rewrite } : {}),
      ...(balance.scale === 0
        ? { start: 'the random head: the transferred rows carried nothing for this task (scale 0)' }
        : {}),
    },
  };
}

async function linearProbe(ctx: MethodContext): Promise<MethodOutcome> {
  const { req, set } = ctx;
  const { features, file, cached } = await encoderFeatures(ctx);
  const train = trainSubset(ctx);
  const raw = rowsOf(features, train.cacheIndex);
  const standardisation = fitStandardisation(raw, features.width);
  const { head, unmatched, balance } = await initialHead(ctx, { raw, labels: train.labels });
  const { head: trained, report } = await trainLinearProbe(
    standardise(raw, standardisation),
    train.labels,
    headOnStandardised(head, standardisation),
    {
      maxIterations: req.steps ?? PROBE_DEFAULTS.maxIterations,
      gradientTolerance: PROBE_DEFAULTS.gradientTolerance,
      seed: req.seed,
      onProgress: ctx.progress('train'),
      signal: ctx.signal,
    },
  );
  const scores = await linearScores(standardise(rowsOf(features, set.test.cacheIndex), standardisation), trained);
  const classifier = req.save
    ? { encoderWeights: await ctx.loaded.model.variables.exportValues(), head: trained, standardisation }
    : undefined;
  return {
    scores,
    classifier,
    trainItems: train.labels.length,
    unmatched,
    settings: {
      probe: { ...report, standardisation: 'train-subset mean / std per feature' },
      ...transferSettings(balance, 'rewritten for standardised features: diag(σ)·W, b + μ·W'),
      features: { file: path.relative(ctx.home, file), reused: cached, width: features.width },
    },
  };
}

async function finetuneMethod(ctx: MethodContext): Promise<MethodOutcome> {
  const { req, set, loaded } = ctx;
  const train = trainSubset(ctx);
  const raw =
    ctx.init === 'transfer' ? rowsOf((await encoderFeatures(ctx)).features, train.cacheIndex) : new Float32Array(0);
  const { head, unmatched, balance } = await initialHead(ctx, { raw, labels: train.labels });
  // a transferred head is already a classifier: it trains alone first, and the whole model at a lower LR (finetune.ts);
  // rows that carried nothing for the task (balanced to scale 0: a zero kernel) have nothing to protect
  const protect = ctx.init === 'transfer' && balance!.scale > 0;
  const lrScale = protect ? FINETUNE_DEFAULTS.transferLrScale : 1;
  const options = {
    epochs: req.epochs ?? FINETUNE_DEFAULTS.epochs,
    batch: req.batch ?? FINETUNE_DEFAULTS.batch,
    lr: (req.lr ?? FINETUNE_DEFAULTS.lr) * lrScale,
    headWarmupShare: protect ? FINETUNE_DEFAULTS.headWarmupShare : 0,
  };
  const trainProgress = ctx.progress('train');
  const result = await finetune(
    loaded.model.variables,
    loaded.model.encoder,
    head,
    { cache: set.cache, ...train },
    {
      ...options,
      seed: req.seed,
      signal: ctx.signal,
      onStep: (step, steps) => trainProgress(step, steps),
    },
  );
  try {
    const scores = await result.classify(set.cache, set.test.cacheIndex);
    return {
      scores,
      classifier: req.save ? trainedClassifier(await result.weights(), loaded.model.encoder.width) : undefined,
      trainItems: train.labels.length,
      unmatched,
      settings: {
        finetune: { ...result.recipe, lr_requested: req.lr ?? FINETUNE_DEFAULTS.lr, lr_scale: lrScale },
        ...transferSettings(balance),
      },
    };
  } finally {
    result.dispose();
  }
}

/** The fine-tuned encoder and head as a saved model keeps them. */
function trainedClassifier(weights: Record<string, Float32Array>, width: number): TrainedClassifier {
  const kernel = weights[`${CLASSIFIER}/kernel`];
  const bias = weights[`${CLASSIFIER}/bias`];
  return { encoderWeights: weights, head: { width, classes: bias.length, kernel, bias } };
}
const CORRECTION_TEXT: Record<ZeroShotCorrection, string> = {
  prior: " minus the synset's prior log-odds in the pre-training captions",
  downstream: ', standardised per class by its mean and std over unlabelled train-split images',
  none: ' (uncorrected)',
};

async function zeroShot(ctx: MethodContext): Promise<MethodOutcome> {
  const { set, loaded } = ctx;
  const model = loaded.model;
  const test = { imageSize: model.encoder.imageSize, onBatch: ctx.progress('test'), signal: ctx.signal };
  if (model.objective === 'catlip') {
    const matches = ctx.matches!;
    if (matches.every((m) => m.positions.length === 0)) {
      throw noteError('unsupported', 'eval.noClassMatches', { name: set.dataset.name, run: ctx.req.run });
    }
    const logits = await mapImages(set.cache, set.test.cacheIndex, (x) => model.logits(x), test);
    const { entries, captions } = vocabularyEntries(ctx.db, loaded.config.vocabulary!);
    const rawScores = catlipClassScores(logits.values, model.numClasses, matches);
    const uncorrected = classificationMetrics(rawScores, set.test.labels, set.classes);
    const correction = ctx.req.correction ?? DEFAULT_ZERO_SHOT_CORRECTION;
    let scores = rawScores;
    let calibration: Record<string, unknown> = {};
    if (correction === 'prior') {
      scores = catlipClassScores(
        logits.values,
        model.numClasses,
        matches,
        priorLogOdds(entries, captions, model.numClasses),
      );
    } else if (correction === 'downstream') {
      // the train split's images, never its labels: only cache records go in
      const sample = calibrationSample(set.train.cacheIndex.length, ctx.req.seed);
      const images = sample.map((i) => set.train.cacheIndex[i]);
      const unlabelled = await mapImages(set.cache, images, (x) => model.logits(x), {
        ...test,
        onBatch: ctx.progress('features'),
      });
      const fitted = fitCalibration(
        catlipClassScores(unlabelled.values, model.numClasses, matches),
        set.classes.length,
      );
      scores = applyCalibration(rawScores, fitted);
      calibration = {
        calibration: {
          images: fitted.images,
          split: set.train.name,
          labels_read: false,
          mean: Object.fromEntries(set.classes.map((c, i) => [c, fitted.mean[i]])),
          std: Object.fromEntries(set.classes.map((c, i) => [c, fitted.std[i]])),
        },
      };
    }
    return {
      scores,
      trainItems: 0,
      unmatched: matches.filter((m) => m.positions.length === 0).map((m) => m.className),
      settings: {
        zero_shot: {
          score: `max over the class's matched synsets of the pretrained-head logit${CORRECTION_TEXT[correction]}; unmatched classes -Infinity`,
          correction: ZERO_SHOT_CORRECTION_STORED[correction],
          prior: Object.fromEntries(
            matches.map((m) => [
              m.className,
              m.positions.map((p) => ({ position: p, frequency: entries[p].count / captions })),
            ]),
          ),
          pretraining_captions: captions,
          uncorrected_top1: uncorrected.top1,
          warnings: zeroShotWarnings(matches),
          reachable_top1: reachableShare(matches, set.test.labels),
          ...calibration,
        },
      },
    };
  }
  if (model.objective === 'clip') {
    const text = clipPromptEmbeddings(model, loaded.tokenizer!, set.classes);
    try {
      const similarity = await mapImages(
        set.cache,
        set.test.cacheIndex,
        (x) => tf.matMul(model.imageEmbeddings(x), text, false, true),
        test,
      );
      return {
        scores: similarity.values,
        trainItems: 0,
        unmatched: [],
        settings: {
          zero_shot: {
            score: "cosine similarity to the mean embedding of the class's prompts (prompt ensemble)",
            prompts: CLIP_PROMPTS,
          },
        },
      };
    } finally {
      text.dispose();
    }
  }
  const tokens = superclassClassTokens(loaded.tokenizer!, set.classes);
  if (tokens.every((t) => t.length === 0))
    throw noteError('unsupported', 'eval.noClassTokens', { name: set.dataset.name });
  const logits = await mapImages(set.cache, set.test.cacheIndex, (x) => model.logits(x), test);
  return {
    scores: superclassClassScores(logits.values, model.numClasses, tokens),
    trainItems: 0,
    unmatched: set.classes.filter((_, c) => tokens[c].length === 0),
    settings: {
      zero_shot: {
        score: 'mean head logit over the distinct tokens of the class name',
        tokens: Object.fromEntries(set.classes.map((c, i) => [c, tokens[i]])),
      },
    },
  };
}

/**
 * Frozen-encoder features of every train and test image, from `<home>/features/` when an earlier
 * evaluation of the same checkpoint on the same images made them, else computed and saved there.
 */
async function encoderFeatures({
  home,
  loaded,
  set,
  progress,
  signal,
}: MethodContext): Promise<{ features: CachedFeatures; file: string; cached: boolean }> {
  const key: FeatureKey = {
    run: loaded.run.id,
    checkpointStep: loaded.checkpoint.step,
    weights: loaded.weights,
    datasetId: set.dataset.id,
    imageSize: loaded.model.encoder.imageSize,
    preprocessing: FEATURE_PREPROCESSING,
  };
  const file = featureCacheFile(home, key);
  const cacheIndex = Int32Array.from(new Set([...set.train.cacheIndex, ...set.test.cacheIndex])).sort();
  const found = readFeatureCache(file, key, cacheIndex);
  if (found) return { features: found, file, cached: true };
  const { values, width } = await mapImages(set.cache, cacheIndex, (x) => loaded.model.encodeImages(x), {
    imageSize: key.imageSize,
    onBatch: progress('features'),
    signal,
  });
  const features = { cacheIndex, width, values };
  writeFeatureCache(file, key, features);
  return { features, file, cached: false };
}
