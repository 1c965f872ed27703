import { beforeAll, describe, expect, it } from 'vitest';
import { detectLanguage } from './caption-language.js';
import { createLabeler } from './labeler.js';
import { loadJapaneseTokenizer } from './japanese-tokenizer.js';
import type { LocatingLabeler } from './types.js';

let labeler: LocatingLabeler;
const names = (caption: string) => labeler.label(caption).map((s) => s.name);

beforeAll(async () => {
  await loadJapaneseTokenizer();
  labeler = createLabeler('paper', { cache: false });
}, 60_000);

describe('Japanese captions', () => {
  it('maps nouns to the same WordNet synsets as the English caption', () => {
    expect(names('犬と猫と自転車')).toEqual(
      createLabeler('paper')
        .label('a dog, a cat and a bicycle')
        .map((s) => s.name),
    );
    // The Japanese data links 公園 to the urban park (park.n.02); English "park" takes its first sense.
    expect(names('犬が公園でフリスビーをキャッチしている。')).toEqual(['dog.n.01', 'park.n.02']);
    expect(labeler.label('犬が公園にいる')[0]).toEqual({ name: 'dog.n.01', offset: 'n02084071', word: '犬' });
  });

  it('keeps content nouns only: no pronouns, numerals, counters or non-independent nouns', () => {
    const classes = labeler.classes('彼は3台の車の上を見た');
    expect(classes.synsets.map((s) => s.word)).toEqual(['車']);
    expect(classes.lemmas).toEqual([]);
  });

  it('joins adjacent nouns the Japanese data knows as one lemma, and keeps IPADIC compounds whole', () => {
    expect(names('野球帽をかぶった男性')[0]).toBe('baseball_cap.n.01');
    expect(labeler.label('消防車が走る').map((s) => s.word)).toEqual(['消防車']);
  });

  it('makes lemma classes of nouns no wordnet maps, and looks Latin-letter nouns up in English WordNet', () => {
    const classes = labeler.classes('テーブルの上にピザとフリスビーとLaptopがある');
    expect(classes.synsets.map((s) => s.name)).toEqual(['table.n.02', 'pizza.n.01', 'laptop.n.01']);
    expect(classes.lemmas).toEqual(['ja:フリスビー']);
    expect(labeler.classes('ourbrandのロゴ').lemmas).toContain('en:ourbrand');
  });

  it('locates each synset word in the raw caption', () => {
    const caption = '犬と猫と犬';
    expect(labeler.locate(caption).map((l) => [l.name, caption.slice(l.start, l.end), l.start])).toEqual([
      ['dog.n.01', '犬', 0],
      ['cat.n.01', '猫', 2],
      ['dog.n.01', '犬', 4],
    ]);
  });

  it('picks the language per caption (auto) or as told', () => {
    expect(detectLanguage('iPhoneの写真')).toBe('ja');
    expect(detectLanguage('a photo of an iPhone')).toBe('en');
    expect(createLabeler('paper', { lang: 'en', cache: false }).label('犬が公園にいる')).toEqual([]);
    expect(createLabeler('paper', { lang: 'ja', cache: false }).label('dog')[0].name).toBe('dog.n.01');
    // CoreNet's released labeller is English-only and reproduced as is.
    expect(createLabeler('corenet').label('犬が公園にいる')).toEqual([]);
  });

  it('English nouns WordNet lacks become en: lemma classes in paper mode, never in corenet mode', () => {
    expect(createLabeler('paper').classes('a man holding an ourbrand bag').lemmas).toEqual(['en:ourbrand']);
    expect(createLabeler('corenet').classes('a man holding an ourbrand bag').lemmas).toEqual([]);
  });
});
