import { describe, expect, it } from 'vitest';
import { splitSentences, treebankTokenize, wordTokenize } from './word-tokenize.js';

// Expected tokens are NLTK 3.8.1 NLTKWordTokenizer output for the same sentences.
describe('treebankTokenize', () => {
  it('reproduces the NLTKWordTokenizer docstring example', () => {
    const s = 'Good muffins cost $3.88 (roughly 3,36 euros)\nin New York.  Please buy me\ntwo of them.\nThanks.';
    expect(treebankTokenize(s)).toEqual([
      'Good',
      'muffins',
      'cost',
      '$',
      '3.88',
      '(',
      'roughly',
      '3,36',
      'euros',
      ')',
      'in',
      'New',
      'York.',
      'Please',
      'buy',
      'me',
      'two',
      'of',
      'them.',
      'Thanks',
      '.',
    ]);
  });

  it('splits clitics, quotes and punctuation like Treebank', () => {
    expect(treebankTokenize("the dog's owner can't find his glasses!")).toEqual([
      'the',
      'dog',
      "'s",
      'owner',
      'ca',
      "n't",
      'find',
      'his',
      'glasses',
      '!',
    ]);
    expect(treebankTokenize('"hello," she said: \'a dog\' (in the park) [big] {x}.')).toEqual([
      '``',
      'hello',
      ',',
      "''",
      'she',
      'said',
      ':',
      "'",
      'a',
      'dog',
      "'",
      '(',
      'in',
      'the',
      'park',
      ')',
      '[',
      'big',
      ']',
      '{',
      'x',
      '}',
      '.',
    ]);
    expect(treebankTokenize("dogs' toys are 'n' stuff")).toEqual(['dogs', "'", 'toys', 'are', "'n", "'", 'stuff']);
    expect(treebankTokenize('«quoted» end')).toEqual(['«', 'quoted', '»', 'end']);
  });

  it('keeps hyphens, inner periods, numbers and times inside tokens', () => {
    expect(treebankTokenize('a t-shirt, e-mail and an x-ray')).toEqual([
      'a',
      't-shirt',
      ',',
      'e-mail',
      'and',
      'an',
      'x-ray',
    ]);
    expect(treebankTokenize('u.s. flag at 10 a.m. on 5:30 with 3,000 dogs')).toEqual([
      'u.s.',
      'flag',
      'at',
      '10',
      'a.m.',
      'on',
      '5:30',
      'with',
      '3,000',
      'dogs',
    ]);
    expect(treebankTokenize("a man's bag--and a women's shirts; 50% & more*")).toEqual([
      'a',
      'man',
      "'s",
      'bag',
      '--',
      'and',
      'a',
      'women',
      "'s",
      'shirts',
      ';',
      '50',
      '%',
      '&',
      'more',
      '*',
    ]);
  });

  it('applies the MacIntyre contractions', () => {
    expect(treebankTokenize("isn't it 'tis wanna gonna gimme lemme cannot more'n d'ye")).toEqual([
      'is',
      "n't",
      'it',
      "'t",
      'is',
      'wan',
      'na',
      'gon',
      'na',
      'gim',
      'me',
      'lem',
      'me',
      'can',
      'not',
      'more',
      "'n",
      'd',
      "'ye",
    ]);
  });

  it('uses Unicode word characters, as Python re does', () => {
    expect(treebankTokenize("'é ünïcödé wörds")).toEqual(["'", 'é', 'ünïcödé', 'wörds']);
  });
});

describe('splitSentences / wordTokenize', () => {
  it('matches nltk.word_tokenize on its docstring example', () => {
    const s = 'Good muffins cost $3.88\nin New York.  Please buy me\ntwo of them.\nThanks.';
    expect(wordTokenize(s)).toEqual([
      'Good',
      'muffins',
      'cost',
      '$',
      '3.88',
      'in',
      'New',
      'York',
      '.',
      'Please',
      'buy',
      'me',
      'two',
      'of',
      'them',
      '.',
      'Thanks',
      '.',
    ]);
  });

  it('does not end a sentence at an abbreviation, an initial or a number', () => {
    expect(splitSentences("u.s. flag at 10 a.m. on st. patrick's day. mr. smith walks.")).toEqual([
      "u.s. flag at 10 a.m. on st. patrick's day.",
      'mr. smith walks.',
    ]);
    expect(splitSentences('numbers 1.5 and 2. and j. smith.')).toEqual(['numbers 1.5 and 2. and j. smith.']);
    expect(splitSentences('question? exclamation! yes.')).toEqual(['question?', 'exclamation!', 'yes.']);
  });

  it('cuts the period off every sentence-final word', () => {
    expect(wordTokenize('a dog. a cat. a bird.')).toEqual(['a', 'dog', '.', 'a', 'cat', '.', 'a', 'bird', '.']);
  });

  it('returns no tokens for empty text', () => {
    expect(wordTokenize('')).toEqual([]);
    expect(wordTokenize(' \t ')).toEqual([]);
  });
});
