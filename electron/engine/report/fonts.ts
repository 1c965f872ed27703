import { existsSync } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../../shared/errors.js';
import { resolveWordNetResource } from '../wordnet/resource-path.js';

/**
 * The PDF report's fonts: subsets of Noto Sans CJK JP (SIL OFL) in resources/fonts/, built by
 * resources/fonts/build-fonts.sh. Embedding them makes Japanese render in the PDF on any machine.
 */
export const REPORT_FONT_FILES = {
  regular: 'NotoSansCJKjp-Regular-subset.otf',
  bold: 'NotoSansCJKjp-Bold-subset.otf',
} as const;

/** Printed in place of a character the embedded font lacks (the geta mark, Japanese typesetting's "missing"). */
export const MISSING_GLYPH = '〓';

/**
 * resources/fonts/ beside resources/wordnet/: the WordNet lookup already knows every place `resources/`
 * can be (CATLIP_RESOURCES, above the module in the source tree and in dist/, Electron's resourcesPath in a
 * packaged app), so the fonts are found wherever WordNet is.
 */
export function reportFontPaths(): { regular: string; bold: string } {
  let resources: string;
  try {
    resources = path.dirname(path.dirname(resolveWordNetResource()));
  } catch (e) {
    throw new EngineError('io', `report fonts not found: ${(e as Error).message.split('\n')[0]}`);
  }
  const fonts = {
    regular: path.join(resources, 'fonts', REPORT_FONT_FILES.regular),
    bold: path.join(resources, 'fonts', REPORT_FONT_FILES.bold),
  };
  for (const file of Object.values(fonts)) {
    if (!existsSync(file))
      throw new EngineError('io', `report font missing: ${file} (run resources/fonts/build-fonts.sh)`);
  }
  return fonts;
}

/** What the PDF writer needs to know about a font's coverage (fontkit's font, as pdfkit loads it). */
export interface GlyphCoverage {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

/**
 * `text` with every character the font cannot draw replaced by 〓 (or "?" if even that is missing), so
 * that an emoji or a rare kanji in a dataset name shows as a visible gap instead of vanishing or
 * crashing the writer. Line breaks and tabs pass through.
 */
export function coveredText(text: string, font: GlyphCoverage, cache = new Map<number, boolean>()): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x0a || cp === 0x09) {
      out += ch;
      continue;
    }
    // variation selectors and joiners have no glyph of their own: drop them with their base character replaced
    if ((cp >= 0xfe00 && cp <= 0xfe0f) || cp === 0x200d || (cp >= 0xe0100 && cp <= 0xe01ef)) continue;
    let has = cache.get(cp);
    if (has === undefined) cache.set(cp, (has = font.hasGlyphForCodePoint(cp)));
    out += has ? ch : font.hasGlyphForCodePoint(MISSING_GLYPH.codePointAt(0)!) ? MISSING_GLYPH : '?';
  }
  return out;
}
