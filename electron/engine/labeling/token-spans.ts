import { HTML_TAG } from './preprocess.js';
import type { CharSpan, LocatedLabel, TokenLabels } from './types.js';

/**
 * Maps a labeller's tokens back onto the raw caption. Preprocessing (URL-unquoting, HTML stripping, ftfy,
 * whitespace collapsing, lower-casing) and tokenisation (NLTK's `` and '', "can not" from "cannot") mean
 * there is no exact offset map in general. Tokens are contiguous, ordered pieces of the preprocessed text,
 * though, so each one is searched in a case- and width-folded copy of the caption from the end of the
 * previous match on: exact for ordinary captions, and a token that cannot be found is left out (its
 * neighbours still align) rather than pointing at the wrong text.
 */

/** Python-style word characters: a match must not start or end in the middle of a word. */
const WORD_CHAR = /[\p{L}\p{N}_]/u;
/** `%XX` escapes of ASCII punctuation and spaces: after unquoting they only separate tokens. */
const PUNCTUATION_ESCAPE = /%(?:[01][0-9a-f]|2[0-9a-f]|3[a-f]|40|5[b-f]|60|7[b-f])/gi;
/** Gap allowed between the tokens of one compound ("teddy  bear", "teddy%20bear", "t-shirt" has none). */
const MAX_COMPOUND_GAP = 3;

/** What preprocessing would do to one character, apart from context-dependent steps: width, case, quotes. */
function foldChar(ch: string): string {
  return ch
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u02bc\u2018-\u201b]/g, "'")
    .replace(/[\u201c-\u201f]/g, '"');
}

function foldToken(token: string): string {
  let out = '';
  for (const ch of token) out += foldChar(ch);
  return out;
}

/** The folded caption and, for each of its UTF-16 units, the raw caption range of the character it came from. */
interface FoldedCaption {
  text: string;
  rawStart: number[];
  rawEnd: number[];
}

function foldCaption(caption: string): FoldedCaption {
  const rawStart: number[] = [];
  const rawEnd: number[] = [];
  let text = '';
  let index = 0;
  for (const ch of caption) {
    const folded = foldChar(ch);
    for (let k = 0; k < folded.length; k++) {
      rawStart.push(index);
      rawEnd.push(index + ch.length);
    }
    text += folded;
    index += ch.length;
  }
  // Masked with NULs of the same length, so positions keep mapping: tag contents and escapes never match a token.
  const mask = (s: string) => '\0'.repeat(s.length);
  if (text.includes('<')) text = text.replace(HTML_TAG, mask);
  if (text.includes('%')) text = text.replace(PUNCTUATION_ESCAPE, mask);
  return { text, rawStart, rawEnd };
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}

/** Where each token is in the raw caption, or null where it cannot be located. */
export function alignTokens(caption: string, tokens: readonly string[]): (CharSpan | null)[] {
  const folded = foldCaption(caption);
  const text = folded.text;
  const wanted = tokens.map(foldToken);
  const spans: (CharSpan | null)[] = [];
  let cursor = 0;
  for (let t = 0; t < wanted.length; t++) {
    const token = wanted[t];
    const next = wanted[t + 1];
    let found = -1;
    for (let at = token ? text.indexOf(token, cursor) : -1; at >= 0; at = text.indexOf(token, at + 1)) {
      const end = at + token.length;
      // Glued to the previous token ("can" "not" from "cannot") is fine; elsewhere a match inside a word is not.
      const startsMidWord = at > cursor && isWordChar(token[0]) && isWordChar(text[at - 1]);
      const endsMidWord =
        isWordChar(token[token.length - 1]) && isWordChar(text[end]) && !(next && text.startsWith(next, end));
      if (!startsMidWord && !endsMidWord) {
        found = at;
        break;
      }
    }
    if (found < 0) {
      spans.push(null);
      continue;
    }
    const end = found + token.length;
    spans.push({ start: folded.rawStart[found], end: folded.rawEnd[end - 1] });
    cursor = end;
  }
  return spans;
}

/** Every label occurrence with its raw-caption span; compounds need all their tokens located, close together. */
export function locateLabels(caption: string, tokenLabels: TokenLabels): LocatedLabel[] {
  if (tokenLabels.labels.length === 0) return [];
  const spans = alignTokens(caption, tokenLabels.tokens);
  const located: LocatedLabel[] = [];
  for (const { label, first, last } of tokenLabels.labels) {
    let ok = spans[first] !== null;
    for (let k = first + 1; ok && k <= last; k++) {
      const previous = spans[k - 1];
      const current = spans[k];
      ok = previous !== null && current !== null && current.start - previous.end <= MAX_COMPOUND_GAP;
    }
    if (ok) located.push({ ...label, start: spans[first]!.start, end: spans[last]!.end });
  }
  return located;
}
