import { fixText } from './fix-text.js';
import { collapsePySpace, pyStrip } from './python-text.js';
import { pyUnquote } from './url-unquote.js';

export interface PreprocessOptions {
  /** CoreNet lower-cases (default true); the paper labeller keeps case so the POS tagger sees it. */
  lowerCase?: boolean;
}

/** CoreNet's `<.*?>`: `.` stops at newlines, so a tag never spans lines. */
export const HTML_TAG = /<[^\n]*?>/g;

/**
 * CoreNet `caption_preprocessing` (corenet/data/datasets/utils/text.py): URL-unquote, '+' → ' ', strip
 * HTML tags, fix text (ftfy subset, ./fix-text.ts), collapse whitespace, strip, lower-case.
 * CoreNet collapses only runs of ' ' before ftfy; collapsing every whitespace run after it gives the same
 * tokens (the tokenizer splits on whitespace) and keeps `word` values clean.
 */
export function preprocessCaption(caption: string, options: PreprocessOptions = {}): string {
  let text = pyUnquote(String(caption));
  if (text.includes('+')) text = text.replaceAll('+', ' ');
  if (text.includes('<')) text = text.replace(HTML_TAG, '');
  text = fixText(text);
  text = pyStrip(collapsePySpace(text));
  return options.lowerCase === false ? text : text.toLowerCase();
}
