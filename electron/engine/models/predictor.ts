/**
 * "Try it": what a run's models say about one image. The pretrained model scores what it can without
 * training — CatLIP its vocabulary synsets, corrected for the pre-training prior exactly as zero-shot
 * evaluation corrects them (evaluation/zero-shot.ts priorLogOdds); CLIP the given class names through its
 * prompt ensemble; SuperClass the class names' tokens — and a saved model (fine-tune or linear probe) its
 * downstream classes with probabilities. Images are prepared as evaluation prepared its own (decoded to the
 * dataset's cached side, then resized whole to the model's input), so the numbers match evaluation's.
 *
 * A predictor loads the models once; the CLI streams a folder through one, the engine keeps the last ones open
 * between requests (predictor-cache.ts).
 */
import { noteError } from '../../shared/errors.js';
import type { Prediction } from '../../shared/models.js';
import * as tf from '../tfjs.js';
import { decodeImage, ImageRejected } from '../datasets/decode-image.js';
import { requireDataset } from '../datasets/dataset-repository.js';
import { vocabularyEntries } from '../evaluation/evaluation-repository.js';
import { loadRunModel, type LoadedRunModel } from '../evaluation/run-model.js';
import {
  clipPromptEmbeddings,
  displayName,
  priorLogOdds,
  superclassClassScores,
  superclassClassTokens,
} from '../evaluation/zero-shot.js';
import type { Db } from '../store/database.js';
import type { BackendRequest } from '../training/backends.js';
import { evalBatch } from '../training/model/augment.js';
import { vocabularySynsets } from '../vocab/vocabulary-repository.js';
import { loadSavedModel, type LoadedSavedModel } from './load-model.js';
import { createSavedClassifier, type SavedClassifier } from './saved-classifier.js';

export interface PredictorOptions {
  run: number;
  model?: number;
  /** CLIP / SuperClass: class names to score (default: the saved model's classes). */
  classes?: string[];
  backend?: BackendRequest;
}

export interface Predictor {
  /** Predicts one encoded image (JPEG, PNG, …), the `top` best of each list; a bad image is an EngineError, the predictor stays usable. */
  predict(bytes: Buffer, top: number): Promise<Prediction>;
  close(): void;
}

type Scored = Prediction['pretrained']['top'][number];

/** How the pretrained model scores one prepared image: labels with scores (and probabilities). */
interface PretrainedScorer {
  kind: Prediction['pretrained']['kind'];
  note?: string;
  score?: (images: tf.Tensor4D) => Promise<Scored[]>;
  dispose(): void;
}

export async function openPredictor(db: Db, home: string, options: PredictorOptions): Promise<Predictor> {
  const run = await loadRunModel(db, home, options.run, { backend: options.backend });
  const disposers: (() => void)[] = [() => run.model.dispose()];
  const close = () => disposers.reverse().forEach((d) => d());
  try {
    let saved: { model: LoadedSavedModel; classifier: SavedClassifier } | undefined;
    if (options.model !== undefined) {
      const model = loadSavedModel(db, home, options.model);
      if (model.record.run !== options.run) {
        throw noteError(
          'invalid-request',
          'model.otherRun',
          { model: options.model, trainedFrom: model.record.run, run: options.run },
          { field: 'model' },
        );
      }
      const classifier = createSavedClassifier(model);
      disposers.push(() => classifier.dispose());
      saved = { model, classifier };
    }
    const classes = options.classes?.length ? options.classes : saved?.model.classes;
    const scorer = await pretrainedScorer(db, run, classes);
    disposers.push(() => scorer.dispose());
    const runRecordSize = pretrainingRecordSize(db, run);

    return {
      async predict(bytes, top) {
        const records = new Map<number, { rgb: Uint8Array; width: number; height: number }>();
        const prepared = async (size: number) => {
          if (!records.has(size)) records.set(size, await decode(bytes, size));
          return records.get(size)!;
        };
        const first = await prepared(runRecordSize);
        const pretrained = scorer.score ? await withImage(first.rgb, run.model.encoder.imageSize, scorer.score) : [];
        let downstream: Prediction['downstream'] = null;
        if (saved) {
          const { model, classifier } = saved;
          const record = await prepared(model.preprocessing.record_size);
          const logits = await withImage(record.rgb, model.preprocessing.image_size, async (x) =>
            readRow(tf.tidy(() => classifier.logits(x))),
          );
          downstream = {
            model: model.record.id,
            name: model.record.name,
            top: topK(model.classes, logits, softmax(logits), top),
          };
        }
        return {
          run: options.run,
          objective: run.model.objective,
          pretrained: {
            kind: scorer.kind,
            top: pretrained.slice(0, top),
            ...(scorer.note ? { note: scorer.note } : {}),
          },
          downstream,
          image: { width: first.width, height: first.height },
        };
      },
      close,
    };
  } catch (e) {
    close();
    throw e;
  }
}

/** The side the run's pre-training images were cached at (its dataset's), else the model input side. */
function pretrainingRecordSize(db: Db, run: LoadedRunModel): number {
  try {
    return requireDataset(db, run.config.dataset).image_size;
  } catch {
    return run.config.imageSize;
  }
}

async function decode(bytes: Buffer, size: number): Promise<{ rgb: Uint8Array; width: number; height: number }> {
  try {
    const { rgb, width, height } = await decodeImage(bytes, size);
    return { rgb: new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.byteLength), width, height };
  } catch (e) {
    if (e instanceof ImageRejected)
      throw noteError('invalid-data', 'predict.badImage', { detail: e.message }, { field: 'image' });
    throw e;
  }
}

/** Runs `f` on the record prepared as evaluation prepares its images (one-image batch), disposing the batch. */
async function withImage<T>(record: Uint8Array, imageSize: number, f: (images: tf.Tensor4D) => Promise<T>): Promise<T> {
  const images = evalBatch([record], { size: imageSize });
  try {
    return await f(images);
  } finally {
    images.dispose();
  }
}

async function readRow(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

async function pretrainedScorer(db: Db, run: LoadedRunModel, classes: string[] | undefined): Promise<PretrainedScorer> {
  const model = run.model;
  const nothing = () => undefined;
  if (model.objective === 'catlip') {
    const vocabulary = run.config.vocabulary!;
    const labels = vocabularySynsets(db, vocabulary).map((s) => s.name);
    const { entries, captions } = vocabularyEntries(db, vocabulary);
    const prior = priorLogOdds(entries, captions, model.numClasses);
    return {
      kind: 'synsets',
      dispose: nothing,
      score: async (x) => {
        const logits = await readRow(tf.tidy(() => model.logits(x)));
        return topK(
          labels,
          logits.map((v, i) => v - prior[i]),
          undefined,
          labels.length,
        );
      },
    };
  }
  if (!classes?.length) {
    return {
      kind: model.objective === 'clip' ? 'prompts' : 'tokens',
      note: 'no class names to score: type some, or choose a saved model',
      dispose: nothing,
    };
  }
  const names = classes.map(displayName);
  if (model.objective === 'clip') {
    const text = clipPromptEmbeddings(model, run.tokenizer!, classes);
    const temperature = await model.temperatureScale();
    return {
      kind: 'prompts',
      dispose: () => text.dispose(),
      score: async (x) => {
        const cosine = await readRow(tf.tidy(() => tf.matMul(model.imageEmbeddings(x), text, false, true)));
        return topK(names, cosine, softmax(cosine.map((c) => c * temperature)), names.length);
      },
    };
  }
  const tokens = superclassClassTokens(run.tokenizer!, classes);
  if (tokens.every((t) => t.length === 0))
    return { kind: 'tokens', note: "no class name has a token the run's tokenizer knows", dispose: nothing };
  return {
    kind: 'tokens',
    dispose: nothing,
    score: async (x) => {
      const logits = await readRow(tf.tidy(() => model.logits(x)));
      const scores = superclassClassScores(logits, model.numClasses, tokens);
      return topK(names, scores, undefined, names.length).filter((s) => Number.isFinite(s.score));
    },
  };
}

export function softmax(logits: ArrayLike<number>): Float64Array {
  const max = Math.max(...Array.from(logits));
  const exp = Float64Array.from(logits, (v) => Math.exp(v - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((v) => v / sum);
}

/** The k best labels by score (ties in label order). */
export function topK(
  labels: readonly string[],
  scores: ArrayLike<number>,
  probabilities: ArrayLike<number> | undefined,
  k: number,
): Scored[] {
  const order = labels
    .map((_, i) => i)
    .sort((a, b) => scores[b] - scores[a] || a - b)
    .slice(0, k);
  return order.map((i) => ({
    label: labels[i],
    score: scores[i],
    ...(probabilities ? { probability: probabilities[i] } : {}),
  }));
}
