import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../wordnet/wordnet.js';
import { matchClassesToVocabulary, PATH_SIMILARITY_THRESHOLD, type VocabularyEntry } from './class-synsets.js';
import { randomHead, transferHead, type LinearHead } from './transfer-init.js';

const wn = loadWordNet();
/**
 * A hand-made CatLIP vocabulary: head row = position. nature.n.03 ("the natural physical world") rather
 * than sense 1; guy.n.01 has "cat" among its lemmas; wine.n.01 is the parent of rose.n.02 (blush wine).
 */
const SYNSETS = [
  'dog.n.01',
  'flower.n.01',
  'animal.n.01',
  'nature.n.03',
  'plant.n.02',
  'guy.n.01',
  'wine.n.01',
  'fireplug.n.01',
];
const VOCAB: VocabularyEntry[] = SYNSETS.map((name, position) => ({ position, offset: wn.synsetByName(name)!.offset }));

describe('class name → vocabulary synsets', () => {
  const match = (name: string, senses?: 'first' | 'all') => matchClassesToVocabulary(wn, [name], VOCAB, { senses })[0];

  it('matches a lemma exactly, through morphy and case, and an ImageNet id', () => {
    expect(match('Dogs')).toMatchObject({
      positions: [0],
      how: 'exact',
      words: [{ word: 'dogs', how: 'exact', synset: 'dog.n.01', similarity: 1 }],
    });
    expect(match('n02084071')).toMatchObject({ positions: [0], how: 'exact' });
    // a two-word name is first one WordNet compound (fire_hydrant, a lemma of fireplug.n.01)
    expect(match('Fire hydrants')).toMatchObject({
      positions: [7],
      how: 'exact',
      words: [{ word: 'fire_hydrants', synset: 'fireplug.n.01' }],
    });
  });

  it("counts only a word's first sense unless told to take all", () => {
    // nature.n.01 (a quality) is not in the vocabulary and near nothing there
    expect(match('nature')).toMatchObject({ positions: [], how: 'none' });
    expect(match('nature', 'all')).toMatchObject({ positions: [3], how: 'exact', words: [{ synset: 'nature.n.03' }] });
    // every sense lets rare ones win: cat = guy.n.01 (a lemma of it), rose → wine.n.01 through blush wine
    expect(match('cat', 'all')).toMatchObject({ positions: [5], how: 'exact', words: [{ synset: 'guy.n.01' }] });
    expect(match('rose', 'all')).toMatchObject({
      positions: [6],
      how: 'similarity',
      words: [{ synset: 'wine.n.01', similarity: 0.5 }],
    });
    expect(match('rose')).toMatchObject({ positions: [], how: 'none' });
  });

  it('falls back to the vocabulary synset of highest path similarity', () => {
    // daisy.n.01's hypernym is flower.n.01: one edge, similarity 1/2
    expect(match('daisy')).toMatchObject({
      positions: [1],
      how: 'similarity',
      words: [{ synset: 'flower.n.01', similarity: 0.5, relation: 'hypernym' }],
    });
  });

  it("splits a name that is no WordNet lemma into words and keeps every word's synset", () => {
    const m = match('Animals & Nature', 'all');
    expect(m.positions).toEqual([2, 3]);
    expect(m.how).toBe('exact');
    expect(m.words.map((w) => w.word)).toEqual(['animals', 'nature']);
    // a word that matches nothing leaves the class its other words' synsets
    expect(match('Animals & Nature')).toMatchObject({
      positions: [2],
      how: 'exact',
      words: [{ how: 'exact' }, { word: 'nature', how: 'none' }],
    });
    expect(match('Dogs and flowers')).toMatchObject({ positions: [0, 1], how: 'exact' });
  });

  it('leaves a class unmatched below the threshold and for unknown words', () => {
    // cat.n.01 and dog.n.01 are 4 edges apart (0.2): a dog row would only mislead a cat classifier
    expect(wn.pathSimilarity(wn.synsetByName('cat.n.01')!, wn.synsetByName('dog.n.01')!)).toBeLessThan(
      PATH_SIMILARITY_THRESHOLD,
    );
    expect(match('cat')).toMatchObject({ positions: [], how: 'none' });
    expect(match('xyzzy gadget-thing')).toMatchObject({ positions: [], how: 'none' });
    // the same cat matches dog.n.01 once the threshold admits cousins
    expect(matchClassesToVocabulary(wn, ['cat'], VOCAB, { threshold: 0.2 })[0]).toMatchObject({
      positions: [0],
      how: 'similarity',
      words: [{ similarity: 0.2, relation: 'related' }],
    });
  });
});

describe('Transfer Init head', () => {
  // pretrained head of width 2 over the 7 synsets: kernel[d][p] = 10 (d + 1) + p, bias[p] = -p
  const pretrained: LinearHead = {
    width: 2,
    classes: 7,
    kernel: Float32Array.from({ length: 14 }, (_, i) => 10 * (Math.floor(i / 7) + 1) + (i % 7)),
    bias: Float32Array.from({ length: 7 }, (_, p) => -p),
  };
  const classes = ['Dogs', 'daisy', 'Dogs & Animals', 'xyzzy'];
  const { head, unmatched } = transferHead(matchClassesToVocabulary(wn, classes, VOCAB), pretrained, 7);
  const column = (h: LinearHead, c: number) => [h.kernel[c], h.kernel[h.classes + c], h.bias[c]];

  it('copies the matched row, averages several, and gives the rest the random init, reported', () => {
    expect(head.classes).toBe(4);
    expect(column(head, 0)).toEqual([10, 20, 0]); // dog.n.01, exact
    expect(column(head, 1)).toEqual([11, 21, -1]); // flower.n.01, by similarity
    expect(column(head, 2)).toEqual([11, 21, -1]); // mean of dog.n.01 and animal.n.01
    // the random column of a fresh head for the same class
    expect(column(head, 3)).toEqual(column(randomHead(2, 4, 7), 3));
    expect(
      column(head, 3)
        .slice(0, 2)
        .every((w) => w !== 0 && Math.abs(w) <= 0.04),
    ).toBe(true);
    expect(unmatched).toEqual(['xyzzy']);
  });

  it('gives every class a random row when nothing matches', () => {
    const none = transferHead(matchClassesToVocabulary(wn, ['xyzzy', 'plugh'], VOCAB), pretrained, 7);
    expect(none.head).toEqual(randomHead(2, 2, 7));
    expect(none.unmatched).toEqual(['xyzzy', 'plugh']);
  });

  it('draws random rows from the seed', () => {
    expect(randomHead(3, 2, 1).kernel).toEqual(randomHead(3, 2, 1).kernel);
    expect(randomHead(3, 2, 1).kernel).not.toEqual(randomHead(3, 2, 2).kernel);
  });
});
