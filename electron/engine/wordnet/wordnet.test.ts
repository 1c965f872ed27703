import { describe, expect, it } from 'vitest';
import { loadWordNet } from './wordnet.js';

// Expected values come from NLTK 3.8.1-compatible calls on the same WordNet 3.0 files
// (wn.synset, Synset.name/offset/hypernym_paths, path_similarity, WordNetLemmatizer.lemmatize).
const wn = loadWordNet();

describe('loadWordNet', () => {
  it('loads every WordNet 3.0 noun synset once and caches the instance', () => {
    expect(wn.synsetCount).toBe(82115);
    expect(loadWordNet()).toBe(wn);
  });

  it('names every synset the way NLTK does (first lemma listed under its own index entry)', () => {
    const names = new Set<string>();
    for (let i = 0; i < wn.synsetCount; i++) names.add(wn.synsetAt(i).name);
    expect(names.size).toBe(wn.synsetCount);
  });
});

describe('synset lookup', () => {
  it('finds dog.n.01 by name and by offset', () => {
    const dog = wn.synsetByName('dog.n.01')!;
    expect(dog.offset).toBe(2084071);
    expect(dog.wnid).toBe('n02084071');
    expect(dog.lemmas).toEqual(['dog', 'domestic_dog', 'Canis_familiaris']);
    expect(wn.synsetByOffset(2084071)).toBe(dog);
    expect(wn.synsetByOffset(2084072)).toBeUndefined();
    expect(dog.hypernyms.map((s) => s.name)).toEqual(['canine.n.02', 'domestic_animal.n.01']);
  });

  it('resolves a non-head lemma to the synset of its sense, as NLTK wn.synset does', () => {
    // wn.synset('automobile.n.01') is Synset('car.n.01'); CoreNet rejects it by comparing names.
    expect(wn.synsetByName('automobile.n.01')?.name).toBe('car.n.01');
    expect(wn.synsetByExactName('automobile.n.01')).toBeUndefined();
    expect(wn.synsetByExactName('car.n.01')?.offset).toBe(2958343);
    expect(wn.nounSynsets('automobile')[0].name).toBe('car.n.01');
  });

  it('follows NLTK for case, sense numbers and malformed names', () => {
    expect(wn.synsetByName('Dog.N.01')?.name).toBe('dog.n.01');
    expect(wn.synsetByName('dog.n.7')?.offset).toBe(2710044);
    expect(wn.synsetByName('dog.n.8')).toBeUndefined();
    // Python list indexing: sense 0 is the last sense, -1 the one before it.
    expect(wn.synsetByName('dog.n.00')?.name).toBe('andiron.n.01');
    expect(wn.synsetByName('dog.n.-1')?.name).toBe('pawl.n.01');
    expect(wn.synsetByName('dog.v.01')).toBeUndefined();
    expect(wn.synsetByName('dog')).toBeUndefined();
    expect(wn.synsetByName('dog.n.x1')).toBeUndefined();
    expect(wn.synsetByName('notaword.n.01')).toBeUndefined();
    expect(wn.synsetByName('black.n.01')?.name).toBe('black.n.01');
    expect(wn.synsetByName('a.n.01')?.name).toBe('angstrom.n.01');
  });

  it('lists senses in index.noun order and uses underscores for multi-word lemmas', () => {
    expect(
      wn
        .nounSynsets('a')
        .slice(0, 3)
        .map((s) => s.name),
    ).toEqual(['angstrom.n.01', 'vitamin_a.n.01', 'deoxyadenosine_monophosphate.n.01']);
    expect(wn.nounSynsets('Teddy_Bear').map((s) => s.name)).toEqual(['teddy.n.01']);
    // Sense order is WordNet's (by SemCor frequency): the first 'hot dog' is the show-off, the food is second.
    expect(wn.nounSynsets('hot_dog').map((s) => s.name)).toEqual(['hotdog.n.01', 'hotdog.n.02', 'frank.n.02']);
    expect(wn.nounSynsets('plate')[0].name).toBe('home_plate.n.01');
    expect(wn.nounSynsets('zzzz')).toEqual([]);
  });

  it('keeps instance hypernyms apart from class hypernyms', () => {
    const paris = wn.synsetByName('paris.n.01')!;
    expect(paris.hypernyms).toEqual([]);
    expect(paris.instanceHypernyms.map((s) => s.name)).toEqual(['national_capital.n.01']);
  });
});

describe('morphology', () => {
  it('lemmatizes like NLTK WordNetLemmatizer (pos n)', () => {
    const cases: Record<string, string> = {
      dogs: 'dog',
      churches: 'church',
      women: 'woman',
      glasses: 'glass',
      geese: 'goose',
      buses: 'bus',
      boxes: 'box',
      knives: 'knife',
      ladies: 'lady',
      dishes: 'dish',
      species: 'specie',
      series: 'series',
      axes: 'ax',
      children: 'child',
      mice: 'mouse',
      teeth: 'teeth', // both 'teeth' and 'tooth' are noun lemmas; equal length, the first wins
      pants: 'pant',
      scissors: 'scissors',
      aurar: 'eyrir', // noun.exc lists 'aurar' twice; the later line wins as in NLTK's dict
      glassess: 'glasses',
      dogss: 'dog', // step 3: rules re-applied until a form is a lemma
      was: 'wa',
      us: 'u',
      black: 'black',
      hardrock: 'hardrock',
      '': '',
    };
    for (const [word, lemma] of Object.entries(cases)) expect([word, wn.lemmatizeNoun(word)]).toEqual([word, lemma]);
  });

  it('returns every morphy candidate in NLTK order', () => {
    expect(wn.morphyNoun('geese')).toEqual(['goose']);
    expect(wn.morphyNoun('glasses')).toEqual(['glasses', 'glass']);
    expect(wn.morphyNoun('us')).toEqual(['us', 'u']);
    expect(wn.morphyNoun('qwertyuiop')).toEqual([]);
  });

  it('stays fast on pathological input', () => {
    const started = performance.now();
    expect(wn.morphyNoun('s'.repeat(100_000))).toEqual([]);
    expect(wn.lemmatizeNoun('dog' + 's'.repeat(500))).toBe('dog');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('hypernym paths and path similarity', () => {
  it('reaches entity.n.01 from dog.n.01 along both of its paths', () => {
    const paths = wn.hypernymPaths(wn.synsetByName('dog.n.01')!).map((p) => p.map((s) => s.name));
    expect(paths).toEqual([
      [
        'entity.n.01',
        'physical_entity.n.01',
        'object.n.01',
        'whole.n.02',
        'living_thing.n.01',
        'organism.n.01',
        'animal.n.01',
        'chordate.n.01',
        'vertebrate.n.01',
        'mammal.n.01',
        'placental.n.01',
        'carnivore.n.01',
        'canine.n.02',
        'dog.n.01',
      ],
      [
        'entity.n.01',
        'physical_entity.n.01',
        'object.n.01',
        'whole.n.02',
        'living_thing.n.01',
        'organism.n.01',
        'animal.n.01',
        'domestic_animal.n.01',
        'dog.n.01',
      ],
    ]);
    expect(wn.hypernymPaths(wn.synsetByName('entity.n.01')!).map((p) => p.map((s) => s.name))).toEqual([
      ['entity.n.01'],
    ]);
  });

  it('matches NLTK path_similarity values', () => {
    const sim = (a: string, b: string) => wn.pathSimilarity(wn.synsetByName(a)!, wn.synsetByName(b)!);
    expect(sim('dog.n.01', 'cat.n.01')).toBe(0.2);
    expect(sim('car.n.01', 'bicycle.n.01')).toBe(0.2);
    expect(sim('dog.n.01', 'car.n.01')).toBe(1 / 13);
    expect(sim('man.n.01', 'woman.n.01')).toBe(1 / 3);
    expect(sim('pizza.n.01', 'cake.n.01')).toBe(1 / 12);
    expect(sim('dog.n.01', 'dog.n.01')).toBe(1);
    expect(sim('cat.n.01', 'dog.n.01')).toBe(sim('dog.n.01', 'cat.n.01'));
  });

  it('walks instance hypernyms for path similarity (paris.n.01 → national_capital.n.01)', () => {
    const paris = wn.synsetByName('paris.n.01')!;
    expect(wn.shortestPathDistance(paris, wn.synsetByName('national_capital.n.01')!)).toBe(1);
  });
});
