import * as tf from '../tfjs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { vitPreset } from '../training/model/model-presets.js';
import { createModel } from '../training/model/objectives.js';
import { trainTokenizer } from '../training/model/tokenizer.js';
import { loadWordNet } from '../wordnet/wordnet.js';
import { matchClassesToVocabulary } from './class-synsets.js';
import { classificationMetrics } from './metrics.js';
import { catlipClassScores, clipPrompt, superclassClassScores, superclassClassTokens } from './zero-shot.js';

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
      3, 0, -1, -2, // dog.n.01 high; class 1 = max(animal -1, flower 0)
      0, 2, -1, 0, // flower.n.01 high; class 1 = max(animal -1, flower 2)
    ]);
    const scores = catlipClassScores(logits, 4, matches);
    expect(Array.from(scores)).toEqual([3, 0, -Infinity, 0, 2, -Infinity]);
  });

  it('picks the right class with a hand-built head on a real tiny CatLIP model', async () => {
    const model = createModel({ objective: 'catlip', encoder: vitPreset('vit-tiny'), numClasses: 4, seed: 1 });
    try {
      // two images, one reddish and one bluish
      const images = tf.tidy(() => tf.concat([tf.fill([1, 32, 32, 3], 0).add(tf.tensor1d([2, -1, -1])), tf.fill([1, 32, 32, 3], 0).add(tf.tensor1d([-1, -1, 2]))]) as tf.Tensor4D);
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
      expect(metrics.confusion).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 0]]);
      tf.dispose([images, features, f0, f1, logits]);
    } finally {
      model.dispose();
    }
  });
});

describe('SuperClass zero-shot', () => {
  it('scores a class by the mean logit of its name\'s tokens', () => {
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
    expect(clipPrompt('golden_retriever')).toBe('a photo of a golden retriever.');
  });
});
