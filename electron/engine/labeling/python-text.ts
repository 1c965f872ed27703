/**
 * Character classes of Python 3 `re` / `str` on Unicode text, which CoreNet's preprocessing and NLTK's
 * tokenizer are written against. JavaScript's `\s`, `\w` and `\b` differ (ASCII-only `\w`, no U+001C..U+001F
 * or U+0085 in `\s`), so the ports use these instead.
 */

/** Python `\s` and `str.isspace()`: the characters `str.split()` and `str.strip()` treat as whitespace. */
export const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** Python `\w` on str patterns: letters, numbers (any category N) and underscore. */
export const PY_WORD = '\\p{L}\\p{N}_';

/** `str.isspace()` for one UTF-16 unit (every Python whitespace character is in the BMP). */
export function isPySpace(code: number): boolean {
  if (code === 0x20) return true;
  if (code < 0x20) return (code >= 0x09 && code <= 0x0d) || code >= 0x1c;
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Python `str.split()` with no arguments. A hand-written scan: this runs once per caption on the hot path. */
export function pySplit(text: string): string[] {
  const parts: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (isPySpace(text.charCodeAt(i))) {
      if (start >= 0) {
        parts.push(text.slice(start, i));
        start = -1;
      }
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0) parts.push(text.slice(start));
  return parts;
}

/** Python `str.strip()` with no arguments. */
export function pyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPySpace(text.charCodeAt(start))) start++;
  while (end > start && isPySpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

const SPACE_RUN = new RegExp(`[${PY_SPACE}]+`, 'g');
/** Whitespace other than a single ' ': only then is there anything to collapse. */
const COLLAPSIBLE = new RegExp(`[${PY_SPACE.replace('\\x1c-\\x20', '\\x1c-\\x1f')}]| {2}`);

/** Runs of Python whitespace collapsed to one space. */
export function collapsePySpace(text: string): string {
  return COLLAPSIBLE.test(text) ? text.replace(SPACE_RUN, ' ') : text;
}
