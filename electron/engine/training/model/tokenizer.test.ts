import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';
import {
  END_OF_WORD,
  EOT_ID,
  PAD_ID,
  SOT_ID,
  SPECIAL_TOKENS,
  splitWords,
  Tokenizer,
  trainTokenizer,
  UNK_ID,
} from './tokenizer.js';

const captions = [
  'A dog catching a frisbee in the park.',
  'Two dogs playing in the park',
  'a cat sleeping on a sofa',
  'The cat and the dog, sleeping!',
  'frisbee park dog dog dog',
];

/** Captions over a Zipf-like vocabulary of made-up words, with punctuation and digits. */
function syntheticCaptions(count: number, seed: number, vocabulary = 3000): string[] {
  const rng = new Rng(seed);
  const syllables = [
    'ka',
    'lo',
    'mi',
    'ne',
    'ru',
    'sa',
    'to',
    'vi',
    'be',
    'da',
    'fe',
    'go',
    'hu',
    'ji',
    'pe',
    'ri',
    'su',
    'te',
    'wo',
    'an',
  ];
  const words = Array.from({ length: vocabulary }, () =>
    Array.from({ length: 1 + rng.int(4) }, () => syllables[rng.int(syllables.length)]).join(''),
  );
  return Array.from({ length: count }, () => {
    const n = 5 + rng.int(10);
    const text = Array.from({ length: n }, () => words[Math.floor(words.length * rng.next() ** 3)]).join(' ');
    return rng.next() < 0.3 ? `${text}, 2024!` : `${text}.`;
  });
}

describe('splitWords', () => {
  it('lower-cases and splits words, single digits, punctuation runs and English clitics', () => {
    expect(splitWords("The CAT's 42 toys... ok")).toEqual(['the', 'cat', "'s", '4', '2', 'toys', '...', 'ok']);
  });
});

describe('trainTokenizer', () => {
  it('reserves [PAD] [SOT] [EOT] [UNK] at ids 0-3 and never exceeds vocabSize', () => {
    const tok = trainTokenizer(captions, 40);
    expect(tok.vocab.slice(0, 5)).toEqual([...SPECIAL_TOKENS, END_OF_WORD]);
    expect([PAD_ID, SOT_ID, EOT_ID, UNK_ID]).toEqual([0, 1, 2, 3]);
    expect(tok.vocabSize).toBe(40);
  });

  it('learns frequent words as single tokens and round-trips text', () => {
    const tok = trainTokenizer(captions, 200);
    const ids = tok.tokenize('the dog');
    expect(ids.map((i) => tok.vocab[i])).toEqual(['the</w>', 'dog</w>']);
    expect(tok.decode(tok.encode('A dog in the park', 16))).toBe('a dog in the park');
    // An unseen word is spelled from learnt pieces, not [UNK].
    expect(tok.decode(tok.tokenize('parked dogs'))).toBe('parked dogs');
  });

  it('encodes [SOT] tokens [EOT] padded with [PAD], ending truncated captions with [EOT]', () => {
    const tok = trainTokenizer(captions, 200);
    const ids = tok.encode('the dog', 6);
    expect(Array.from(ids)).toEqual([SOT_ID, ...tok.tokenize('the dog'), EOT_ID, PAD_ID, PAD_ID]);
    expect(ids).toBeInstanceOf(Int32Array);
    const cut = tok.encode('a dog catching a frisbee in the park', 4);
    expect(Array.from(cut)).toEqual([SOT_ID, ...tok.tokenize('a dog'), EOT_ID]);
    expect(() => tok.encode('x', 1)).toThrow(RangeError);
  });

  it('maps characters outside the learnt alphabet to [UNK]', () => {
    const tok = trainTokenizer(captions, 200);
    // '☃' is a word of its own: [UNK] then the bare end-of-word symbol.
    expect(tok.tokenize('dog ☃')).toEqual([...tok.tokenize('dog'), UNK_ID, tok.vocab.indexOf(END_OF_WORD)]);
    expect(tok.decode(tok.tokenize('☃'))).toBe('[UNK]');
  });

  it('is deterministic and survives toJSON/fromJSON', () => {
    const corpus = syntheticCaptions(2000, 1);
    const a = trainTokenizer(corpus, 500);
    const b = trainTokenizer(corpus, 500);
    expect(b.toJSON()).toEqual(a.toJSON());
    const restored = Tokenizer.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    for (const caption of corpus.slice(0, 50))
      expect(Array.from(restored.encode(caption, 32))).toEqual(Array.from(a.encode(caption, 32)));
    expect(() => Tokenizer.fromJSON({ ...a.toJSON(), merges: [99999, 4] })).toThrow(/unknown token/);
  });

  it('trains on 100k captions and encodes them in a few seconds', () => {
    const corpus = syntheticCaptions(100_000, 2, 20_000);
    // CPU time of this process, so other work on the machine does not make the check flaky.
    const start = process.cpuUsage();
    const tok = trainTokenizer(corpus, 8000);
    let tokens = 0;
    for (const caption of corpus) tokens += tok.tokenize(caption).length;
    const used = process.cpuUsage(start);
    const seconds = (used.user + used.system) / 1e6;
    expect(tok.vocabSize).toBe(8000);
    const words = corpus.reduce((n, caption) => n + splitWords(caption).length, 0);
    expect(tokens / words).toBeLessThan(1.1); // nearly every word became a single token
    expect(seconds).toBeLessThan(8); // ~1.5 s on an idle 2-core machine
  });
});
