import { describe, expect, it } from 'vitest';
import { createLabeler } from './labeler.js';
import { alignTokens } from './token-spans.js';
import type { LabelMode } from './types.js';

const labelers = { paper: createLabeler('paper'), corenet: createLabeler('corenet') };
/** [highlighted raw text, synset] for each located occurrence, in caption order. */
const highlights = (mode: LabelMode, caption: string) =>
  labelers[mode].locate(caption).map((s) => [caption.slice(s.start, s.end), s.name]);

describe('alignTokens', () => {
  it('finds tokens in order, case-insensitively, never inside another word', () => {
    expect(alignTokens('The Cat concatenates a cat', ['the', 'cat', 'concatenates', 'a', 'cat'])).toEqual([
      { start: 0, end: 3 },
      { start: 4, end: 7 },
      { start: 8, end: 20 },
      { start: 21, end: 22 },
      { start: 23, end: 26 },
    ]);
    // 'cat' is not in "concatenates": after "the" it must be the last word
    expect(alignTokens('The concatenates cat', ['the', 'cat'])[1]).toEqual({ start: 17, end: 20 });
  });

  it('allows tokens glued together ("can" "not" from "cannot") and leaves out what is not in the text', () => {
    expect(alignTokens('I cannot', ['i', 'can', 'not'])).toEqual([
      { start: 0, end: 1 },
      { start: 2, end: 5 },
      { start: 5, end: 8 },
    ]);
    expect(alignTokens('say "hi"', ['say', '``', 'hi', "''"])).toEqual([
      { start: 0, end: 3 },
      null,
      { start: 5, end: 7 },
      null,
    ]);
  });

  it('counts UTF-16 units before astral characters', () => {
    expect(alignTokens('🐕 dog', ['dog'])).toEqual([{ start: 3, end: 6 }]);
  });
});

describe.each(['paper', 'corenet'] as const)('locate (%s)', (mode) => {
  it('points at the words, with punctuation and upper case around them', () => {
    expect(highlights(mode, 'A DOG, catching a Frisbee!')).toEqual(
      mode === 'paper'
        ? [
            ['DOG', 'dog.n.01'],
            ['Frisbee', 'frisbee.n.01'],
          ]
        : [
            ['DOG', 'dog.n.01'],
            ['catching', 'catching.n.01'],
            ['Frisbee', 'frisbee.n.01'],
          ],
    );
  });

  it('marks every occurrence of a repeated word, each at its own place', () => {
    const caption = 'Dogs, a dog and DOGS.';
    const spans = labelers[mode].locate(caption);
    expect(spans.map((s) => [s.start, s.end, s.name])).toEqual([
      [0, 4, 'dog.n.01'],
      [8, 11, 'dog.n.01'],
      [16, 20, 'dog.n.01'],
    ]);
    // label() still reports each synset once
    expect(labelers[mode].label(caption).map((l) => l.name)).toEqual(['dog.n.01']);
  });

  it('handles non-ASCII text: astral emoji, accents, full-width letters, curly apostrophes', () => {
    expect(highlights(mode, '🐕 A café dog near the Straße; the dog’s ball.')).toEqual([
      ['dog', 'dog.n.01'],
      ['dog', 'dog.n.01'],
      ['ball', 'ball.n.01'],
    ]);
    expect(highlights(mode, 'Ｄｏｇ on a bench')).toEqual([
      ['Ｄｏｇ', 'dog.n.01'],
      ['bench', 'bench.n.01'],
    ]);
  });

  it('survives preprocessing: URL escapes, HTML tags (their attributes are never highlighted), mojibake', () => {
    expect(highlights(mode, 'A%20dog%20on%20a%20bench')).toEqual([
      ['dog', 'dog.n.01'],
      ['bench', 'bench.n.01'],
    ]);
    expect(highlights(mode, '<img alt="dog"> a <b>cat</b>').map(([text]) => text)).toEqual(['cat']);
    // "cafÃ©" is repaired to "café" before labelling; the words around it still align
    expect(highlights(mode, 'cafÃ© tables on the street')).toEqual([
      ['tables', 'table.n.01'],
      ['street', 'street.n.01'],
    ]);
  });
});

describe('locate compounds (paper)', () => {
  it('spans the whole compound', () => {
    expect(highlights('paper', 'Two teddy bears next to a fire hydrant.')).toEqual([
      ['teddy bears', 'teddy.n.01'],
      ['fire hydrant', 'fireplug.n.01'],
    ]);
    expect(highlights('paper', 'A man in a T-shirt in New York')).toEqual([
      ['man', 'man.n.01'],
      ['T-shirt', 'jersey.n.03'],
      ['New York', 'new_york.n.01'],
    ]);
  });
});
