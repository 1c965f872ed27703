import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { escapeXml } from './escape.js';
import { reportFontPaths } from './fonts.js';

/**
 * A fontconfig file that adds the report's Noto Sans CJK JP faces to the system's fonts and maps the
 * Japanese Office faces the deck names ("Yu Gothic", "Meiryo") and the generic families to them where the
 * system has none. librsvg (sharp's SVG rasteriser) and LibreOffice find fonts through fontconfig, so
 * chart PNGs and converted decks show Japanese instead of empty boxes on a machine without CJK fonts.
 * Includes the user's own FONTCONFIG_FILE (or the system's) first, so installed fonts keep priority.
 */
/** The configuration this process started with: chartPng sets FONTCONFIG_FILE to ours, which must not include itself. */
const STARTING_CONFIG = process.env.FONTCONFIG_FILE;

export function reportFontConfig(): string {
  const fonts = path.dirname(reportFontPaths().regular);
  const base = STARTING_CONFIG ?? '/etc/fonts/fonts.conf';
  const xml = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">${escapeXml(base)}</include>
  <dir>${escapeXml(fonts)}</dir>
${['Yu Gothic', 'Meiryo', 'sans-serif', 'system-ui'].map((family) => `  <alias><family>${family}</family><accept><family>Noto Sans CJK JP</family></accept></alias>`).join('\n')}
</fontconfig>
`;
  // one file per content: parallel processes write the same bytes, never a half file another reads
  const dir = path.join(
    os.tmpdir(),
    `catlip-fontconfig-${createHash('sha256').update(xml).digest('hex').slice(0, 12)}`,
  );
  const file = path.join(dir, 'fonts.conf');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, xml);
    // rename is atomic: a reader sees no file or the whole file
    renameSync(temp, file);
  }
  return file;
}
