import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../wordnet/wordnet.js';
import { CoreNetLabeler } from './corenet-labeler.js';

// Expected names were produced by running CoreNet's _convert_caption_to_labels logic (caption_preprocessing
// with ftfy, NLTK 3.8.1 tokenizer rules, WordNetLemmatizer, wn.synset, the name check) on WordNet 3.0.
const labeler = new CoreNetLabeler(loadWordNet());
const names = (caption: string) => labeler.label(caption).map((l) => l.name);

describe('CoreNetLabeler', () => {
  it('labels every token whose lemma heads its first noun sense, verbs and numbers included', () => {
    expect(names('A dog catching a frisbee in the park.')).toEqual([
      'dog.n.01',
      'catching.n.01',
      'frisbee.n.01',
      'park.n.01',
    ]);
    expect(names('Two dogs and three cats on a plate')).toEqual(['two.n.01', 'dog.n.01', 'three.n.01', 'cat.n.01']);
    expect(names('A man riding a wave on top of a surfboard.')).toEqual([
      'man.n.01',
      'riding.n.01',
      'wave.n.01',
      'top.n.01',
      'surfboard.n.01',
    ]);
  });

  it('keeps adjectives that have a noun sense they head', () => {
    expect(names('a black car')).toEqual(['black.n.01', 'car.n.01']);
  });

  it('rejects lemmas that are not the head of their first sense', () => {
    expect(names('An automobile')).toEqual([]); // automobile.n.01 resolves to car.n.01
    expect(names('a plate')).toEqual([]); // plate.n.01 resolves to home_plate.n.01
    expect(names('kids')).toEqual([]); // kid.n.01 resolves to child.n.01
    expect(names('a')).toEqual([]); // a.n.01 resolves to angstrom.n.01
  });

  it('never matches multi-word lemmas, only their parts', () => {
    expect(names('A teddy bear and a hot dog')).toEqual(['teddy.n.01', 'bear.n.01', 'dog.n.01']);
  });

  it('lemmatizes like NLTK before the lookup', () => {
    expect(names('Women wearing glasses near the churches')).toEqual(['woman.n.01', 'glass.n.01', 'church.n.01']);
    expect(names('The geese and the mice')).toEqual(['goose.n.01', 'mouse.n.01']);
    expect(names('Children playing with a ball')).toEqual(['child.n.01', 'playing.n.01', 'ball.n.01']);
  });

  it('preprocesses first: URL escapes, HTML, mojibake', () => {
    expect(names('A%20dog%20on%20a%20bench')).toEqual(['dog.n.01', 'bench.n.01']);
    expect(names('<b>Kids</b> flying kites')).toEqual(['kite.n.01']);
    // "café" (repaired from "cafÃ©") is not a WordNet lemma, "cafe" is.
    expect(names('cafÃ© tables on the street')).toEqual(['table.n.01', 'street.n.01']);
  });

  it('reports the caption word, the ImageNet-style id, and each synset once', () => {
    expect(labeler.label('Dogs, a dog and DOGS')).toEqual([{ name: 'dog.n.01', offset: 'n02084071', word: 'dogs' }]);
  });

  it('returns nothing for empty or wordless captions', () => {
    expect(labeler.label('')).toEqual([]);
    expect(labeler.label('   ')).toEqual([]);
    expect(labeler.label('!!! ... ???')).toEqual([]);
  });
});
