import { PY_SPACE, PY_WORD, pySplit } from './python-text.js';

/**
 * Port of `nltk.word_tokenize` as of NLTK 3.8.1 (the version CoreNet pins): sentence split, then
 * NLTKWordTokenizer's regex passes on each sentence. The regexes are NLTK's, translated from Python `re`
 * (Unicode `\w`/`\s`/`\b`, `$` before a final newline). Each pass is skipped when its trigger characters
 * are absent, which leaves the output unchanged and keeps the common caption to two or three passes.
 *
 * Not ported: Punkt, NLTK's trained sentence splitter (it needs the punkt model). splitSentences()
 * approximates it; the split only matters for where a period is cut off a word (Treebank splits the
 * final period of a sentence only).
 */

const W = `[${PY_WORD}]`;
const NOT_AFTER_WORD = `(?<!${W})`;
const NOT_BEFORE_WORD = `(?!${W})`;

/** [trigger, pattern, replacement]; the pass runs only when the text contains the trigger (string) or matches it. */
type Pass = readonly [trigger: string | RegExp | null, pattern: RegExp, replacement: string];

const STARTING_QUOTES: Pass[] = [
  [/[«“‘„`]/, /([«“‘„]|`+)/gu, ' $1 '],
  ['"', /^"/, '``'],
  ['``', /(``)/g, ' $1 '],
  [/"|''/, /([ ([{<])("|'{2})/g, '$1 `` '],
  // (?i)(\')(?!re|ve|ll|m|t|s|d|n)(\w)\b — a quote opening a one-character word: "'a" -> "' a".
  ["'", new RegExp(`(')(?!re|ve|ll|m|t|s|d|n)(${W})${NOT_BEFORE_WORD}`, 'giu'), '$1 $2'],
];

const PUNCTUATION: Pass[] = [
  ['.', new RegExp(`([^.])(\\.)([\\])}>"'»”’ ]*)[${PY_SPACE}]*$`, 'u'), '$1 $2 $3 '],
  [/[:,]/, /([:,])([^\p{Nd}])/gu, ' $1 $2'],
  [/[:,]/, /([:,])(?=\n?$)/g, ' $1 '],
  ['..', /\.{2,}/g, ' $& '],
  [/[;@#$%&]/, /[;@#$%&]/g, ' $& '],
  ['.', new RegExp(`([^.])(\\.)([\\])}>"']*)[${PY_SPACE}]*$`, 'u'), '$1 $2$3 '], // the final period
  [/[?!]/, /[?!]/g, ' $& '],
  ["' ", /([^'])' /g, "$1 ' "],
  ['*', /[*]/g, ' $& '],
  [/[\][(){}<>]/, /[\][(){}<>]/g, ' $& '], // PARENS_BRACKETS
  ['--', /--/g, ' -- '], // DOUBLE_DASHES
];

// Applied after the text is padded with a space on each side.
const ENDING_QUOTES: Pass[] = [
  [/[»”’]/, /([»”’])/gu, ' $1 '],
  ["''", /''/g, " '' "],
  ['"', /"/g, " '' "],
  ["'", /([^' ])('[sS]|'[mM]|'[dD]|') /g, '$1 $2 '],
  ["'", /([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) /g, '$1 $2 '],
];

// MacIntyre contractions: "cannot" -> "can not", "gonna" -> "gon na", " 'tis" -> " 't is".
const CONTRACTION_TRIGGER = /can|d'|gim|gon|got|lem|more|wan|'t/i;
const CONTRACTIONS: Pass[] = [
  ...[
    ['can', 'not'],
    ['d', "'ye"],
    ['gim', 'me'],
    ['gon', 'na'],
    ['got', 'ta'],
    ['lem', 'me'],
    ['more', "'n"],
  ].map(([a, b]): Pass => [null, new RegExp(`${NOT_AFTER_WORD}(${a})(${b})${NOT_BEFORE_WORD}`, 'giu'), ' $1 $2 ']),
  [null, new RegExp(`${NOT_AFTER_WORD}(wan)(na)(?=[${PY_SPACE}])`, 'giu'), ' $1 $2 '],
  [null, new RegExp(` ('t)(is)${NOT_BEFORE_WORD}`, 'giu'), ' $1 $2 '],
  [null, new RegExp(` ('t)(was)${NOT_BEFORE_WORD}`, 'giu'), ' $1 $2 '],
];

/** Characters (or pairs) at least one pass needs; text without any of them only gets split. */
const ANY_TRIGGER = /[«“‘„`"'.:,;@#$%&?!*[\](){}<>»”’]|--/;

function applyPasses(text: string, passes: readonly Pass[]): string {
  for (const [trigger, pattern, replacement] of passes) {
    const runs = trigger === null || (typeof trigger === 'string' ? text.includes(trigger) : trigger.test(text));
    if (runs) text = text.replace(pattern, replacement);
  }
  return text;
}

/** NLTK 3.8.1 `NLTKWordTokenizer().tokenize(sentence)`. */
export function treebankTokenize(sentence: string): string[] {
  if (!ANY_TRIGGER.test(sentence) && !CONTRACTION_TRIGGER.test(sentence)) return pySplit(sentence);
  let text = applyPasses(sentence, STARTING_QUOTES);
  text = applyPasses(text, PUNCTUATION);
  text = applyPasses(' ' + text + ' ', ENDING_QUOTES);
  if (CONTRACTION_TRIGGER.test(text)) text = applyPasses(text, CONTRACTIONS);
  return pySplit(text);
}

/** Abbreviations that do not end a sentence (a small stand-in for Punkt's learned English list). */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'jr',
  'sr',
  'vs',
  'etc',
  'inc',
  'ltd',
  'co',
  'corp',
  'mt',
  'ft',
  'ave',
  'blvd',
  'rd',
  'no',
  'approx',
  'dept',
  'est',
  'fig',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);
const SENTENCE_END_SOURCE = `[.?!][\\])}"'»”’]*(?=[${PY_SPACE}]+[^${PY_SPACE}])`;
const SENTENCE_END = new RegExp(SENTENCE_END_SOURCE, 'gu');
const HAS_SENTENCE_END = new RegExp(SENTENCE_END_SOURCE, 'u');
const NUMBER_LIKE = /^-?[.,]?\p{Nd}[\p{Nd},.-]*$/u;
const SINGLE_LETTER = /^\p{L}$/u;
const IS_SPACE = new RegExp(`[${PY_SPACE}]`, 'u');
const LEADING_SPACE = new RegExp(`^[${PY_SPACE}]+`, 'u');

/**
 * Punkt-like sentence split. A '?' or '!' followed by space ends a sentence. A '.' does too, unless the
 * word before it is an abbreviation, an initial, a number or contains a period itself ("u.s.", "...")
 * — the cases where Punkt, on the lower-cased text CoreNet feeds it, keeps the sentence going.
 */
export function splitSentences(text: string): string[] {
  if (!HAS_SENTENCE_END.test(text)) return [text];
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index! + match[0].length;
    if (match[0][0] === '.') {
      let wordStart = match.index!;
      while (wordStart > start && !IS_SPACE.test(text[wordStart - 1])) wordStart--;
      const word = text
        .slice(wordStart, match.index!)
        .replace(/^[\p{P}\p{S}]+/u, '')
        .toLowerCase();
      if (
        word === '' ||
        word.includes('.') ||
        ABBREVIATIONS.has(word) ||
        SINGLE_LETTER.test(word) ||
        NUMBER_LIKE.test(word)
      ) {
        continue;
      }
    }
    sentences.push(text.slice(start, end));
    start = end;
  }
  sentences.push(text.slice(start));
  return sentences.map((s) => s.replace(LEADING_SPACE, '')).filter((s) => s.length > 0);
}

/** `nltk.word_tokenize(text)`: Punkt-like sentences, then the Treebank tokenizer on each. */
export function wordTokenize(text: string): string[] {
  const sentences = splitSentences(text);
  if (sentences.length === 1) return treebankTokenize(sentences[0]);
  return sentences.flatMap(treebankTokenize);
}
