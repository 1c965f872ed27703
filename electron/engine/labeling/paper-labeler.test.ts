import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../wordnet/wordnet.js';
import { PaperLabeler } from './paper-labeler.js';

const labeler = new PaperLabeler(loadWordNet());
const names = (caption: string) => labeler.label(caption).map((l) => l.name);

describe('PaperLabeler', () => {
  it('keeps only the nouns (Fig. 2a: "[dog]NN [catching]VBG [frisbee]NN")', () => {
    expect(names('A dog catching a frisbee in the park.')).toEqual(['dog.n.01', 'frisbee.n.01', 'park.n.01']);
  });

  it('drops adjectives even when WordNet has a noun sense for them', () => {
    expect(names('a black car')).toEqual(['car.n.01']);
  });

  it('maps synonyms to their first synset, whatever its name', () => {
    expect(labeler.label('An automobile')).toEqual([{ name: 'car.n.01', offset: 'n02958343', word: 'automobile' }]);
    expect(names('a plate of food')).toEqual(['home_plate.n.01', 'food.n.01']);
  });

  it('prefers WordNet compounds over their parts', () => {
    expect(labeler.label('A teddy bear next to a fire hydrant')).toEqual([
      { name: 'teddy.n.01', offset: 'n04399382', word: 'teddy bear' },
      { name: 'fireplug.n.01', offset: 'n03346898', word: 'fire hydrant' },
    ]);
    // Plural heads, even when the tagger calls them verbs.
    expect(names('Two teddy bears')).toEqual(['teddy.n.01']);
    // An adjective in front: the first sense of hot_dog is the show-off (hotdog.n.01), not the sausage.
    expect(names('a hot dog with mustard')).toEqual(['hotdog.n.01', 'mustard.n.01']);
    expect(names('A man in a T-shirt in New York')).toEqual(['man.n.01', 'jersey.n.03', 'new_york.n.01']);
    expect(names('the living room')).toEqual(['living_room.n.01']);
  });

  it('does not turn adjective + noun into a proper noun', () => {
    expect(names('a little dog')).toEqual(['dog.n.01']); // not canis_minor.n.01 ("Little Dog")
    expect(names('a white house')).toEqual(['house.n.01']); // not white_house.n.01
  });

  it('lemmatizes nouns', () => {
    expect(names('Women wearing glasses near the churches')).toEqual(['woman.n.01', 'glass.n.01', 'church.n.01']);
  });

  it('keeps proper nouns WordNet knows and drops the others', () => {
    expect(names('Jessica walking her dog in Paris')).toEqual(['dog.n.01', 'paris.n.01']);
  });

  it('returns nothing for empty captions', () => {
    expect(labeler.label('')).toEqual([]);
    expect(labeler.label(' <br> ')).toEqual([]);
  });
});
