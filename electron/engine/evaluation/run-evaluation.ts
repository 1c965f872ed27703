/**
 * Transfer evaluation of a pre-training run on a labelled dataset: linear probe, fine-tune or zero-shot,
 * with a random or Transfer-Init head, on a stratified fraction of the train split; measured on the test
 * split and stored in `evaluations` with the exact settings.
 */
import path from 'node:path';
import * as tf from '../tfjs.js';
import { describeZodError, EngineError } from '../../shared/errors.js';
import type { Db } from '../store/database.js';
import { HEAD_PREFIX } from '../training/model/classifier-head.js';
import { getRun } from '../training/run-repository.js';
import { loadWordNet } from '../wordnet/wordnet.js';
import { matchClassesToVocabulary, PATH_SIMILARITY_THRESHOLD, type ClassMatch, type VocabularyEntry } from './class-synsets.js';
import { insertEvaluation } from './evaluation-repository.js';
import {
  EvaluationRequestSchema, type EvalProgress, type EvaluationRequest, type EvaluationResult, type ParsedEvaluationRequest,
} from '../../shared/evaluation.js';
import { featureCacheFile, readFeatureCache, rowsOf, writeFeatureCache, type CachedFeatures, type FeatureKey } from './feature-cache.js';
import { mapImages } from './map-images.js';
import { finetune, FINETUNE_DEFAULTS } from './finetune.js';
import { stratifiedSubset } from './fraction.js';
import { loadLabelledSet, type LabelledSet } from './labelled-set.js';
import { fitStandardisation, headOnStandardised, linearScores, PROBE_DEFAULTS, standardise, trainLinearProbe } from './linear-probe.js';
import { classificationMetrics } from './metrics.js';
import { loadRunModel, type LoadedRunModel } from './run-model.js';
import { randomHead, transferHead, type LinearHead } from './transfer-init.js';
import {
  catlipClassScores, CLIP_PROMPT, clipPromptEmbeddings, superclassClassScores, superclassClassTokens,
} from './zero-shot.js';

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
}

export async function runEvaluation(db: Db, home: string, request: EvaluationRequest, options: RunEvaluationOptions = {}): Promise<EvaluationResult> {
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
      const matches = init === 'transfer' || (req.method === 'zero-shot' && loaded.model.objective === 'catlip')
        ? matchRunClasses(db, loaded, set.classes)
        : undefined;
      const context: MethodContext = { db, home, req, init, set, loaded, matches, progress, signal: options.signal };
      const outcome = req.method === 'zero-shot' ? await zeroShot(context) : req.method === 'finetune' ? await finetuneMethod(context) : await linearProbe(context);

      const metrics = classificationMetrics(outcome.scores, set.test.labels, set.classes);
      const seconds = (performance.now() - started) / 1000;
      const settings = {
        run: req.run, dataset: set.dataset.name, dataset_id: set.dataset.id, objective: loaded.model.objective, model: loaded.config.model,
        method: req.method, init, fraction: req.fraction, seed: req.seed,
        checkpoint_step: loaded.checkpoint.step, weights: loaded.weights,
        backend_request: req.backend ?? loaded.config.backend, backend: loaded.backend.backend, device: loaded.backend.device,
        image_size: loaded.model.encoder.imageSize, preprocessing: FEATURE_PREPROCESSING,
        classes: set.classes.length, train_items: outcome.trainItems, test_items: set.test.labels.length, test_split: set.test.name,
        ...outcome.settings,
        ...(matches ? { matching: { threshold: PATH_SIMILARITY_THRESHOLD, classes: describeMatches(matches) } } : {}),
      };
      const evaluation = insertEvaluation(db, {
        run: req.run, datasetId: set.dataset.id, method: req.method, init, fraction: req.fraction, seed: req.seed, settings,
        top1: metrics.top1, top5: metrics.top5, perClass: metrics.perClass, classes: set.classes, confusion: metrics.confusion,
        unmatchedClasses: outcome.unmatched, seconds,
      });
      return {
        evaluation, run: req.run, dataset: set.dataset.name, method: req.method, init, fraction: req.fraction, seed: req.seed,
        top1: metrics.top1, top5: metrics.top5, per_class: metrics.perClass, classes: set.classes, confusion: metrics.confusion,
        unmatched_classes: outcome.unmatched, train_items: outcome.trainItems, test_items: set.test.labels.length,
        backend: loaded.backend.backend, seconds,
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
  const misplaced = (['steps', 'epochs', 'batch', 'lr'] as const).filter((option) => req[option] !== undefined && !OPTIONS_OF[req.method].includes(option));
  if (misplaced.length) throw new EngineError('invalid-request', `${req.method} takes no --${misplaced[0]}`);
  const init = req.init ?? (req.method === 'zero-shot' ? 'none' : 'random');
  if (req.method === 'zero-shot') {
    if (init !== 'none') throw new EngineError('invalid-request', 'zero-shot trains no head, so it takes no --init');
    if (req.fraction !== 1) throw new EngineError('invalid-request', 'zero-shot uses no training items, so it takes no --fraction');
  } else if (init === 'none') {
    throw new EngineError('invalid-request', `${req.method} trains a new head: --init random or transfer`);
  }
  const objective = getRun(db, req.run).objective;
  if (init === 'transfer' && objective !== 'catlip') {
    throw new EngineError('unsupported', `Transfer Init starts the head from CatLIP's synset classifier; run ${req.run} is a ${objective} run (use --init random)`);
  }
  return init;
}

/** The tuning options each method reads (an option it would ignore is refused rather than silently dropped). */
const OPTIONS_OF: Record<ParsedEvaluationRequest['method'], readonly string[]> = {
  'linear-probe': ['steps', 'lr'],
  finetune: ['epochs', 'batch', 'lr'],
  'zero-shot': [],
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
  const vocabulary = db.prepare('SELECT position, offset FROM vocabulary_synsets WHERE vocabulary_id = ? ORDER BY position')
    .all(loaded.config.vocabulary) as VocabularyEntry[];
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
 * The initial head on raw features: a fresh random one, or Transfer Init from the CatLIP head (random rows
 * calibrated with the train subset's mean raw feature, see transfer-init.ts).
 */
async function initialHead({ init, loaded, matches, set, req }: MethodContext, meanFeature?: Float32Array): Promise<{ head: LinearHead; unmatched: string[] }> {
  const width = loaded.model.encoder.width;
  if (init !== 'transfer') return { head: randomHead(width, set.classes.length, req.seed), unmatched: [] };
  const variables = loaded.model.variables;
  const kernel = (await variables.get(`${HEAD_PREFIX}/kernel`).data()) as Float32Array;
  const bias = (await variables.get(`${HEAD_PREFIX}/bias`).data()) as Float32Array;
  return transferHead(matches!, { width, classes: bias.length, kernel, bias }, req.seed, meanFeature);
}

async function linearProbe(ctx: MethodContext): Promise<MethodOutcome> {
  const { req, set, init } = ctx;
  const { features, file, cached } = await encoderFeatures(ctx);
  const train = trainSubset(ctx);
  const raw = rowsOf(features, train.cacheIndex);
  const standardisation = fitStandardisation(raw, features.width);
  const { head, unmatched } = await initialHead(ctx, standardisation.mean);
  const probe = { steps: req.steps ?? PROBE_DEFAULTS.steps, lr: req.lr ?? PROBE_DEFAULTS.lr, weightDecay: PROBE_DEFAULTS.weightDecay, batch: PROBE_DEFAULTS.batch };
  const trained = await trainLinearProbe(standardise(raw, standardisation), train.labels, headOnStandardised(head, standardisation), {
    ...probe, seed: req.seed, onStep: ctx.progress('train'), signal: ctx.signal,
  });
  const scores = await linearScores(standardise(rowsOf(features, set.test.cacheIndex), standardisation), trained);
  return {
    scores,
    trainItems: train.labels.length,
    unmatched,
    settings: {
      probe: {
        steps: probe.steps, lr: probe.lr, weight_decay: probe.weightDecay, batch: Math.min(probe.batch, train.labels.length),
        optimizer: 'AdamW, cosine LR to 0, decoupled weight decay on the kernel', standardisation: 'train-subset mean / std per feature',
        transfer_rows: init === 'transfer' ? 'pretrained rows rewritten for standardised features: diag(σ)·W, b + μ·W' : undefined,
      },
      features: { file: path.relative(ctx.home, file), reused: cached, width: features.width },
    },
  };
}

async function finetuneMethod(ctx: MethodContext): Promise<MethodOutcome> {
  const { req, set, loaded } = ctx;
  const train = trainSubset(ctx);
  const { head, unmatched } = await initialHead(ctx, ctx.init === 'transfer' ? await meanFeature(ctx, train.cacheIndex) : undefined);
  const options = { epochs: req.epochs ?? FINETUNE_DEFAULTS.epochs, batch: req.batch ?? FINETUNE_DEFAULTS.batch, lr: req.lr ?? FINETUNE_DEFAULTS.lr };
  const trainProgress = ctx.progress('train');
  const result = await finetune(loaded.model.variables, loaded.model.encoder, head, { cache: set.cache, ...train }, {
    ...options, seed: req.seed, signal: ctx.signal, onStep: (step, steps) => trainProgress(step, steps),
  });
  try {
    const scores = await result.classify(set.cache, set.test.cacheIndex);
    return {
      scores,
      trainItems: train.labels.length,
      unmatched,
      settings: { finetune: result.recipe },
    };
  } finally {
    result.dispose();
  }
}

async function zeroShot(ctx: MethodContext): Promise<MethodOutcome> {
  const { set, loaded } = ctx;
  const model = loaded.model;
  const test = { imageSize: model.encoder.imageSize, onBatch: ctx.progress('test'), signal: ctx.signal };
  if (model.objective === 'catlip') {
    const matches = ctx.matches!;
    if (matches.every((m) => m.positions.length === 0)) {
      throw new EngineError('unsupported', `no class of "${set.dataset.name}" matches a synset of run ${ctx.req.run}'s vocabulary, so CatLIP cannot score any zero-shot`);
    }
    const logits = await mapImages(set.cache, set.test.cacheIndex, (x) => model.logits(x), test);
    return {
      scores: catlipClassScores(logits.values, model.numClasses, matches),
      trainItems: 0,
      unmatched: matches.filter((m) => m.positions.length === 0).map((m) => m.className),
      settings: { zero_shot: { score: 'max pretrained-head logit over the class\'s matched synsets; unmatched classes -Infinity' } },
    };
  }
  if (model.objective === 'clip') {
    const text = clipPromptEmbeddings(model, loaded.tokenizer!, set.classes);
    try {
      const similarity = await mapImages(set.cache, set.test.cacheIndex, (x) => tf.matMul(model.imageEmbeddings(x), text, false, true), test);
      return { scores: similarity.values, trainItems: 0, unmatched: [], settings: { zero_shot: { score: 'cosine similarity to the prompt embedding', prompt: CLIP_PROMPT } } };
    } finally {
      text.dispose();
    }
  }
  const tokens = superclassClassTokens(loaded.tokenizer!, set.classes);
  if (tokens.every((t) => t.length === 0)) throw new EngineError('unsupported', `no class name of "${set.dataset.name}" has a token the run's tokenizer knows`);
  const logits = await mapImages(set.cache, set.test.cacheIndex, (x) => model.logits(x), test);
  return {
    scores: superclassClassScores(logits.values, model.numClasses, tokens),
    trainItems: 0,
    unmatched: set.classes.filter((_, c) => tokens[c].length === 0),
    settings: { zero_shot: { score: 'mean head logit over the distinct tokens of the class name', tokens: Object.fromEntries(set.classes.map((c, i) => [c, tokens[i]])) } },
  };
}

/** The frozen encoder's mean feature over these images (from the feature cache, which it fills if needed). */
async function meanFeature(ctx: MethodContext, cacheIndex: Int32Array): Promise<Float32Array> {
  const { features } = await encoderFeatures(ctx);
  return fitStandardisation(rowsOf(features, cacheIndex), features.width).mean;
}

/**
 * Frozen-encoder features of every train and test image, from `<home>/features/` when an earlier
 * evaluation of the same checkpoint on the same images made them, else computed and saved there.
 */
async function encoderFeatures({ home, loaded, set, progress, signal }: MethodContext): Promise<{ features: CachedFeatures; file: string; cached: boolean }> {
  const key: FeatureKey = {
    run: loaded.run.id, checkpointStep: loaded.checkpoint.step, weights: loaded.weights, datasetId: set.dataset.id,
    imageSize: loaded.model.encoder.imageSize, preprocessing: FEATURE_PREPROCESSING,
  };
  const file = featureCacheFile(home, key);
  const cacheIndex = Int32Array.from(new Set([...set.train.cacheIndex, ...set.test.cacheIndex])).sort();
  const found = readFeatureCache(file, key, cacheIndex);
  if (found) return { features: found, file, cached: true };
  const { values, width } = await mapImages(set.cache, cacheIndex, (x) => loaded.model.encodeImages(x), {
    imageSize: key.imageSize, onBatch: progress('features'), signal,
  });
  const features = { cacheIndex, width, values };
  writeFeatureCache(file, key, features);
  return { features, file, cached: false };
}
