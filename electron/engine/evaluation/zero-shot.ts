/**
 * Zero-shot classification: no downstream training, the pretrained model scores each class directly.
 *
 * - CatLIP: the pretrained head's logit of each synset the class name matched (see class-synsets.ts),
 *   corrected for the pre-training prior; a class of several synsets scores the MAX of their corrected
 *   logits — "Animals & Nature" is present when the image shows an animal or nature, and a mean would
 *   punish it for the synset the image does not show. A class with no synset scores -Infinity (never
 *   predicted) and is listed as unmatched.
 *   The correction: the head is a sigmoid per synset trained on the pre-training captions, so its logit
 *   estimates log-odds P(s | image) / (1 − P(s | image)), which by Bayes is the evidence of the image,
 *   log P(image | s) / P(image | not s), PLUS the prior log-odds of s in the pre-training captions. The
 *   raw logit of a synset in a quarter of the captions beats that of a rare synset on almost every image
 *   (every image "dog"); subtracting the prior log-odds, log(f_s / (1 − f_s)) with f_s the share of
 *   pre-training captions labelled s, leaves the evidence, which is what ranks classes on a downstream set
 *   whose classes are not distributed like the pre-training captions.
 * - CLIP: a prompt ensemble, as CLIP's own ImageNet evaluation: each class name (underscores as spaces) in
 *   every template of CLIP_PROMPTS through the run's tokenizer and text tower, the L2-normalised embeddings
 *   averaged over the templates and normalised again; score = cosine similarity of image and class
 *   embeddings (the temperature does not change ranks). One template alone ranks classes by its wording.
 * - CatLIP's synset zero-shot is this app's extension, not a result of the CatLIP paper (which transfers by
 *   linear probing and fine-tuning only); reports and the UI say so.
 * - SuperClass: its head classifies tokenizer ids, so a class scores the MEAN logit of the distinct
 *   regular tokens of its name (one per subword; the mean keeps long names from winning by length).
 *   Logits are compared as they are, without undoing the IDF weighting of the training targets. A class
 *   whose name has no regular token (only unknown characters) is unmatched.
 */
import * as tf from '../tfjs.js';
import { tokenTensor } from '../training/model/clip-objective.js';
import type { ClipModel } from '../training/model/objective-types.js';
import { END_OF_WORD, FIRST_REGULAR_ID, UNK_ID, type Tokenizer } from '../training/model/tokenizer.js';
import type { ClassMatch } from './class-synsets.js';

/**
 * The 7 ImageNet templates OpenAI selected for CLIP's prompt ensemble (CLIP repository, "Prompt Engineering
 * for ImageNet" notebook), plus the plain "a photo of a {class}." of CLIP's single-prompt evaluation.
 */
export const CLIP_PROMPTS = [
  'a photo of a {class}.',
  'itap of a {class}.',
  'a bad photo of the {class}.',
  'a origami {class}.',
  'a photo of the large {class}.',
  'a {class} in a video game.',
  'art of the {class}.',
  'a photo of the small {class}.',
] as const;

export function displayName(className: string): string {
  return className.replace(/_/g, ' ').trim();
}

/**
 * Class scores [n, classes] from CatLIP logits [n, vocabulary]: max over each class's matched synsets,
 * each logit minus `priorLogOdds[position]` when given (see the file comment).
 */
export function catlipClassScores(
  logits: Float32Array,
  vocabularySize: number,
  matches: readonly ClassMatch[],
  priorLogOdds?: Float64Array,
): Float32Array {
  const corrected = priorLogOdds ? logits.map((v, i) => v - priorLogOdds[i % vocabularySize]) : logits;
  return pooledScores(
    corrected,
    vocabularySize,
    matches.map((m) => m.positions),
    'max',
  );
}

/**
 * Prior log-odds log(f / (1 − f)) of each vocabulary synset (by head row) from its caption count in the
 * pre-training set. Counts are clamped into [½, captions − ½] so that a synset in no or in every caption
 * stays finite.
 */
export function priorLogOdds(
  counts: readonly { position: number; count: number }[],
  captions: number,
  vocabularySize: number,
): Float64Array {
  const out = new Float64Array(vocabularySize);
  for (const { position, count } of counts) {
    const f = Math.min(Math.max(count, 0.5), captions - 0.5) / captions;
    out[position] = Math.log(f / (1 - f));
  }
  return out;
}

/** Distinct regular token ids of each class name, for SuperClass zero-shot. */
export function superclassClassTokens(tokenizer: Tokenizer, classNames: readonly string[]): number[][] {
  // a bare end-of-word marker (what follows an unknown character) names nothing
  const regular = (id: number) => id >= FIRST_REGULAR_ID && id !== UNK_ID && tokenizer.vocab[id] !== END_OF_WORD;
  return classNames.map((name) => [...new Set(tokenizer.tokenize(displayName(name)).filter(regular))]);
}

/** Class scores [n, classes] from SuperClass logits [n, tokenizer vocabulary]: mean over the name's tokens. */
export function superclassClassScores(
  logits: Float32Array,
  vocabularySize: number,
  classTokens: readonly number[][],
): Float32Array {
  return pooledScores(logits, vocabularySize, classTokens, 'mean');
}

function pooledScores(
  logits: Float32Array,
  columns: number,
  groups: readonly number[][],
  pool: 'max' | 'mean',
): Float32Array {
  const n = logits.length / columns;
  const classes = groups.length;
  const out = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) {
    const row = logits.subarray(i * columns, (i + 1) * columns);
    groups.forEach((group, c) => {
      let score = group.length === 0 ? Number.NEGATIVE_INFINITY : pool === 'max' ? Number.NEGATIVE_INFINITY : 0;
      for (const p of group) score = pool === 'max' ? Math.max(score, row[p]) : score + row[p] / group.length;
      out[i * classes + c] = score;
    });
  }
  return out;
}

/** The class name in each template of the ensemble. */
export function clipPrompts(className: string): string[] {
  return CLIP_PROMPTS.map((template) => template.replace('{class}', displayName(className)));
}

/** L2-normalised class embeddings [classes, embedDim]: the mean of each class's prompt embeddings (the caller disposes them). */
export function clipPromptEmbeddings(
  model: ClipModel,
  tokenizer: Tokenizer,
  classNames: readonly string[],
): tf.Tensor2D {
  const perPrompt = promptEmbeddings(
    model,
    classNames.flatMap((name) => clipPrompts(name).map((p) => tokenizer.encode(p, model.text.contextLength))),
  );
  return tf.tidy(() => {
    const mean = perPrompt.reshape([classNames.length, CLIP_PROMPTS.length, -1]).mean(1) as tf.Tensor2D;
    perPrompt.dispose();
    return tf.div(mean, tf.norm(mean, 'euclidean', 1, true).maximum(1e-12)) as tf.Tensor2D;
  });
}

/** L2-normalised text embeddings [prompts, embedDim] of tokenised prompts. */
function promptEmbeddings(model: ClipModel, tokens: readonly Int32Array[]): tf.Tensor2D {
  // in chunks, each in its own tidy: 1000 prompts through the text tower at once would hold every attention map
  const chunks: tf.Tensor2D[] = [];
  for (let i = 0; i < tokens.length; i += PROMPT_CHUNK) {
    chunks.push(tf.tidy(() => model.textEmbeddings(tokenTensor(tokens.slice(i, i + PROMPT_CHUNK)))));
  }
  if (chunks.length === 1) return chunks[0];
  const all = tf.concat(chunks, 0) as tf.Tensor2D;
  tf.dispose(chunks);
  return all;
}

const PROMPT_CHUNK = 256;
