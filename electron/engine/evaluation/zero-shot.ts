/**
 * Zero-shot classification: no downstream training, the pretrained model scores each class directly.
 *
 * - CatLIP: the pretrained head's logit of each synset the class name matched (see class-synsets.ts);
 *   a class of several synsets scores the MAX of their logits — "Animals & Nature" is present when the
 *   image shows an animal or nature, and a mean would punish it for the synset the image does not show.
 *   A class with no synset scores -Infinity (never predicted) and is listed as unmatched.
 * - CLIP: the prompt "a photo of a {class}." (underscores as spaces) through the run's tokenizer and text
 *   tower; score = cosine similarity of image and text embeddings (the temperature does not change ranks).
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

export const CLIP_PROMPT = 'a photo of a {class}.';

export function displayName(className: string): string {
  return className.replace(/_/g, ' ').trim();
}

/** Class scores [n, classes] from CatLIP logits [n, vocabulary]: max over each class's matched synsets. */
export function catlipClassScores(logits: Float32Array, vocabularySize: number, matches: readonly ClassMatch[]): Float32Array {
  return pooledScores(logits, vocabularySize, matches.map((m) => m.positions), 'max');
}

/** Distinct regular token ids of each class name, for SuperClass zero-shot. */
export function superclassClassTokens(tokenizer: Tokenizer, classNames: readonly string[]): number[][] {
  // a bare end-of-word marker (what follows an unknown character) names nothing
  const regular = (id: number) => id >= FIRST_REGULAR_ID && id !== UNK_ID && tokenizer.vocab[id] !== END_OF_WORD;
  return classNames.map((name) => [...new Set(tokenizer.tokenize(displayName(name)).filter(regular))]);
}

/** Class scores [n, classes] from SuperClass logits [n, tokenizer vocabulary]: mean over the name's tokens. */
export function superclassClassScores(logits: Float32Array, vocabularySize: number, classTokens: readonly number[][]): Float32Array {
  return pooledScores(logits, vocabularySize, classTokens, 'mean');
}

function pooledScores(logits: Float32Array, columns: number, groups: readonly number[][], pool: 'max' | 'mean'): Float32Array {
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

export function clipPrompt(className: string): string {
  return CLIP_PROMPT.replace('{class}', displayName(className));
}

/** L2-normalised text embeddings [classes, embedDim] of the CLIP prompts (the caller disposes them). */
export function clipPromptEmbeddings(model: ClipModel, tokenizer: Tokenizer, classNames: readonly string[]): tf.Tensor2D {
  const tokens = classNames.map((name) => tokenizer.encode(clipPrompt(name), model.text.contextLength));
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
