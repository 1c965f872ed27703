import * as tf from '../tfjs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { vitPreset } from '../training/model/model-presets.js';
import { createModel } from '../training/model/objectives.js';
import { trainTokenizer } from '../training/model/tokenizer.js';
import { loadWordNet } from '../wordnet/wordnet.js';
import { matchClassesToVocabulary } from './class-synsets.js';
import { classificationMetrics } from './metrics.js';
import {
  catlipClassScores,
  clipPromptEmbeddings,
  clipPrompts,
  priorLogOdds,
  superclassClassScores,
  superclassClassTokens,
} from './zero-shot.js';

const wn = loadWordNet();
const SYNSETS = ['dog.n.01', 'flower.n.01', 'animal.n.01', 'nature.n.03'];
const VOCAB = SYNSETS.map((name, position) => ({ position, offset: wn.synsetByName(name)!.offset }));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('CatLIP zero-shot', () => {
  it('scores a class by the max logit of its synsets and never predicts an unmatched class', () => {
    const matches = matchClassesToVocabulary(wn, ['Dogs', 'Animals & Flowers', 'xyzzy'], VOCAB);
    const logits = Float32Array.from([
      3,
      0,
      -1,
      -2, // dog.n.01 high; class 1 = max(animal -1, flower 0)
      0,
      2,
      -1,
      0, // flower.n.01 high; class 1 = max(animal -1, flower 2)
    ]);
    const scores = catlipClassScores(logits, 4, matches);
    expect(Array.from(scores)).toEqual([3, 0, -Infinity, 0, 2, -Infinity]);
  });

  it("subtracts each synset's pre-training prior log-odds, so a frequent synset no longer wins every image", () => {
    // dog.n.01 in 250 of 1000 captions, flower.n.01 in 10, animal.n.01 in none (clamped to ½), nature.n.03 in all
    const prior = priorLogOdds(
      [
        { position: 0, count: 250 },
        { position: 1, count: 10 },
        { position: 2, count: 0 },
        { position: 3, count: 1000 },
      ],
      1000,
      4,
    );
    expect(prior[0]).toBeCloseTo(Math.log(0.25 / 0.75), 12);
    expect(prior[1]).toBeCloseTo(Math.log(0.01 / 0.99), 12);
    expect(prior[2]).toBeCloseTo(Math.log(0.0005 / 0.9995), 12);
    expect(prior[3]).toBeCloseTo(Math.log(0.9995 / 0.0005), 12);
    const matches = matchClassesToVocabulary(wn, ['dog', 'flower'], VOCAB);
    // a head that learnt the prior: dog's logit sits near logit(0.25) for every image, flower's near
    // logit(0.01); image 1 shows a flower (its flower logit 2.5 above its prior), image 0 a dog
    const logits = Float32Array.from([prior[0] + 1, prior[1] - 1, 0, 0, prior[0] - 0.5, prior[1] + 2.5, 0, 0]);
    const labels = [0, 1];
    expect(classificationMetrics(catlipClassScores(logits, 4, matches), labels, ['dog', 'flower']).confusion).toEqual([
      [1, 0],
      [1, 0],
    ]);
    expect(classificationMetrics(catlipClassScores(logits, 4, matches, prior), labels, ['dog', 'flower']).top1).toBe(1);
  });

  it('picks the right class with a hand-built head on a real tiny CatLIP model', async () => {
    const model = createModel({ objective: 'catlip', encoder: vitPreset('vit-tiny'), numClasses: 4, seed: 1 });
    try {
      // two images, one reddish and one bluish
      const images = tf.tidy(
        () =>
          tf.concat([
            tf.fill([1, 32, 32, 3], 0).add(tf.tensor1d([2, -1, -1])),
            tf.fill([1, 32, 32, 3], 0).add(tf.tensor1d([-1, -1, 2])),
          ]) as tf.Tensor4D,
      );
      const features = tf.tidy(() => model.encodeImages(images));
      // head: the dog row points at image 0's features, the flower row at image 1's; the others far below
      const [f0, f1] = tf.unstack(features);
      tf.tidy(() => {
        const columns = [tf.sub(f0, f1), tf.sub(f1, f0), tf.zerosLike(f0), tf.zerosLike(f0)];
        model.variables.get('head/kernel').assign(tf.stack(columns, 1));
        model.variables.get('head/bias').assign(tf.tensor1d([0, 0, -50, -50]));
      });
      const logits = tf.tidy(() => model.logits(images));
      const matches = matchClassesToVocabulary(wn, ['daisy', 'Dogs', 'xyzzy'], VOCAB);
      const scores = catlipClassScores((await logits.data()) as Float32Array, 4, matches);
      const metrics = classificationMetrics(scores, [1, 0], ['daisy', 'Dogs', 'xyzzy']);
      expect(metrics.confusion).toEqual([
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 0],
      ]);
      tf.dispose([images, features, f0, f1, logits]);
    } finally {
      model.dispose();
    }
  });
});

describe('SuperClass zero-shot', () => {
  it("scores a class by the mean logit of its name's tokens", () => {
    const tokenizer = trainTokenizer(['a red rose', 'a yellow tulip', 'a red tulip'], 60);
    const tokens = superclassClassTokens(tokenizer, ['rose', 'red_tulip', '☃']);
    expect(tokens[0].length).toBeGreaterThan(0);
    expect(tokens[2]).toEqual([]);
    const logits = new Float32Array(tokenizer.vocabSize);
    for (const id of tokens[0]) logits[id] = 4;
    const scores = superclassClassScores(logits, tokenizer.vocabSize, tokens);
    expect(scores[0]).toBe(4);
    expect(scores[1]).toBeLessThan(4);
    expect(scores[2]).toBe(-Infinity);
  });
});

describe('CLIP prompt', () => {
  it('puts the class name with spaces into the template', () => {
    expect(clipPrompts('golden_retriever')).toHaveLength(8);
    expect(clipPrompts('golden_retriever')).toContain('a photo of a golden retriever.');
    expect(clipPrompts('golden_retriever')).toContain('a golden retriever in a video game.');
  });

  it("embeds each class as the normalised mean of its prompts' embeddings", () => {
    const captions = [
      'a photo of a dog',
      'art of the cat',
      'a bad photo of the small dog in a video game',
      'itap of a large cat origami',
    ];
    const tokenizer = trainTokenizer(captions, 64);
    const text = {
      contextLength: 16,
      width: 16,
      depth: 1,
      heads: 2,
      mlpRatio: 2,
      activation: 'gelu' as const,
      embedDim: 8,
      vocabSize: tokenizer.vocabSize,
    };
    const model = createModel({ objective: 'clip', encoder: vitPreset('vit-tiny'), text, seed: 1 });
    const classes = ['dog', 'cat'];
    const before = tf.memory().numTensors;
    const ensemble = clipPromptEmbeddings(model, tokenizer, classes);
    const got = ensemble.arraySync();
    ensemble.dispose();
    expect(tf.memory().numTensors).toBe(before);
    classes.forEach((name, c) => {
      const each = tf.tidy(() =>
        model.textEmbeddings(clipPrompts(name).map((p) => Int32Array.from(tokenizer.encode(p, 16)))).arraySync(),
      );
      const mean = each[0].map((_, j) => each.reduce((a, row) => a + row[j], 0) / each.length);
      const norm = Math.hypot(...mean);
      mean.forEach((x, j) => expect(got[c][j]).toBeCloseTo(x / norm, 5));
      // not the first prompt's alone: the ensemble moves the class embedding
      expect(Math.max(...each[0].map((x, j) => Math.abs(x - got[c][j])))).toBeGreaterThan(1e-4);
    });
  });
});
