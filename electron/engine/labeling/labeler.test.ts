import { beforeAll, describe, expect, it } from 'vitest';
import { loadJapaneseTokenizer } from './japanese-tokenizer.js';
import { createLabeler } from './labeler.js';
import { LABEL_MODES } from './types.js';

describe('createLabeler', () => {
  // Random strings hold kana and ideographs, which go to the Japanese labeller.
  beforeAll(() => loadJapaneseTokenizer(), 60_000);

  it('labels in both modes with de-duplicated, ordered labels', () => {
    const paper = createLabeler('paper');
    const corenet = createLabeler('corenet');
    expect(paper.mode).toBe('paper');
    expect(corenet.mode).toBe('corenet');
    const caption = 'A dog catching a frisbee in the park. The dog runs.';
    expect(paper.label(caption).map((l) => l.name)).toEqual(['dog.n.01', 'frisbee.n.01', 'park.n.01']);
    expect(corenet.label(caption).map((l) => l.name)).toEqual([
      'dog.n.01',
      'catching.n.01',
      'frisbee.n.01',
      'park.n.01',
      'run.n.01',
    ]);
    expect(paper.label('a black car').map((l) => l.name)).toEqual(['car.n.01']);
    expect(corenet.label('a black car').map((l) => l.name)).toEqual(['black.n.01', 'car.n.01']);
    expect(paper.label('An automobile').map((l) => l.name)).toEqual(['car.n.01']);
    expect(corenet.label('An automobile')).toEqual([]);
  });

  it('serves repeated captions from the cache without sharing arrays between callers', () => {
    const labeler = createLabeler('corenet', { cacheSize: 2 });
    const first = labeler.label('a dog and a cat');
    first.pop();
    const second = labeler.label('a dog and a cat');
    expect(second.map((l) => l.name)).toEqual(['dog.n.01', 'cat.n.01']);
    expect(Object.isFrozen(second[0])).toBe(true);
  });

  it('gives the same labels with and without the cache', () => {
    const cached = createLabeler('paper');
    const uncached = createLabeler('paper', { cache: false });
    for (const caption of ['Two teddy bears on a bed', 'Two teddy bears on a bed', 'a hot dog', '']) {
      expect(cached.label(caption)).toEqual(uncached.label(caption));
    }
  });

  it('rejects unknown modes', () => {
    expect(() => createLabeler('nouns' as never)).toThrow(/unknown label mode/);
  });

  it('never throws, whatever the string', () => {
    // Deterministic pseudo-random strings over the whole code point range, lone surrogates included,
    // plus strings built from the characters the preprocessing and tokenizer treat specially.
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const special = [
      '%',
      '%C3',
      '%e2%80',
      '+',
      '<',
      '>',
      '&',
      '&#',
      ';',
      "'",
      '"',
      '`',
      '.',
      '...',
      '?',
      '!',
      '-',
      '--',
      ' ',
      '\n',
      '\u2028',
      'Ã',
      '©',
      'â€',
      '\x81',
      '\ud83d',
      '\ude00',
      "n't",
      'can',
      's',
      'dog',
      'ﬁ',
      '\u0301',
      '_',
    ];
    const strings: string[] = ['', '%', '%%', '<', '<>', '&;', "''", '``', '.', 's'.repeat(5000), 'a'.repeat(20_000)];
    for (let n = 0; n < 300; n++) {
      let text = '';
      const length = Math.floor(random() * 60);
      for (let i = 0; i < length; i++) {
        if (random() < 0.5) text += special[Math.floor(random() * special.length)];
        else text += String.fromCodePoint(Math.floor(random() * 0x110000));
      }
      strings.push(text);
    }
    for (const mode of LABEL_MODES) {
      const labeler = createLabeler(mode, { cache: false });
      for (const text of strings) {
        const { synsets: labels, lemmas } = labeler.classes(text);
        expect(Array.isArray(labels)).toBe(true);
        for (const label of labels) expect(label.offset).toMatch(/^n\d{8}$/);
        for (const lemma of lemmas) expect(lemma).toMatch(/^(en|ja):\S+$/u);
      }
    }
  });
});
