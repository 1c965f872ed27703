/**
 * A small subset of `ftfy.fix_text` (the step CoreNet's caption_preprocessing runs), covering what shows
 * up in web alt-text: UTF-8 read as Windows-1252/Latin-1 ("cafÃ©", "â€™"), stray C1 controls, HTML
 * entities, curly quotes, Latin ligatures, full-width ASCII, control characters, NFC. ftfy's statistical
 * "badness" model is not reproduced: mojibake is repaired one UTF-8 sequence at a time, only where the
 * characters spell a valid UTF-8 multi-byte sequence and the text shows a typical mojibake marker; ftfy's
 * restore_byte_a0 ("Ã " for "à") and lossy-sequence repairs are not done.
 */

/** Windows-1252 bytes 0x80..0x9F; undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to C1 controls, as in ftfy's "sloppy" codec. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const BYTE_OF_CP1252_CHAR = new Map<string, number>([...CP1252_HIGH].map((ch, i) => [ch, 0x80 + i]));

/** A character that Windows-1252 encodes as a UTF-8 continuation byte (0x80..0xBF). */
const CONT = `[\\u0080-\\u00bf${CP1252_HIGH.replace(/[\u0080-\u009f]/g, '')}]`;
/** Lead character + the continuation characters its UTF-8 length requires. */
const MOJIBAKE_SEQUENCE = new RegExp(
  `[\\u00c2-\\u00df]${CONT}|[\\u00e0-\\u00ef]${CONT}{2}|[\\u00f0-\\u00f4]${CONT}{3}`,
  'g',
);
/**
 * Repair only runs when the text has one of the sequences that dominate real mojibake (Ã© Â© â€™ Ð¼ ...):
 * a lone "É»" in "«ÉTÉ»" is valid UTF-8 in disguise too, but there it is French, not mojibake.
 */
const MOJIBAKE_MARKER = new RegExp(`[ÂÃÐÑâ]${CONT}`);

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function byteOf(ch: string): number {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? code : BYTE_OF_CP1252_CHAR.get(ch)!;
}

/** Re-decodes UTF-8 that was read as Windows-1252 or Latin-1; repeated for double-encoded text. */
export function fixMojibake(text: string): string {
  for (let round = 0; round < 3 && MOJIBAKE_MARKER.test(text); round++) {
    const fixed = text.replace(MOJIBAKE_SEQUENCE, (sequence) => {
      const bytes = Uint8Array.from(sequence, byteOf);
      const decoded = utf8.decode(bytes);
      // Overlong or surrogate encodings decode to U+FFFD: then the characters were meant as they are.
      return decoded.includes('\ufffd') ? sequence : decoded;
    });
    if (fixed === text) break;
    text = fixed;
  }
  return text;
}

/** ftfy fix_c1_controls: a C1 control left over is a Windows-1252 character decoded as Latin-1. */
function fixC1Controls(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (ch) => CP1252_HIGH[ch.charCodeAt(0) - 0x80]);
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  hellip: '…',
  copy: '©',
  reg: '®',
  trade: '™',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  aacute: 'á',
  ccedil: 'ç',
  ntilde: 'ñ',
  ouml: 'ö',
  uuml: 'ü',
  auml: 'ä',
};
const ENTITY = /&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[a-zA-Z]{2,8});/g;

/** Python `html.unescape` for numeric references and the common named ones (`&amp;`, `&#39;`, `&eacute;` ...). */
export function unescapeHtml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, body: string) => {
    if (body[0] !== '#') return Object.hasOwn(NAMED_ENTITIES, body) ? NAMED_ENTITIES[body] : whole;
    const code =
      body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    // html.unescape: 0x80..0x9F are read as Windows-1252; NUL, surrogates and out-of-range become U+FFFD.
    if (code >= 0x80 && code <= 0x9f) return CP1252_HIGH[code - 0x80];
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(code);
  });
}

const LIGATURES: Record<string, string> = {
  Ĳ: 'IJ',
  ĳ: 'ij',
  ŉ: 'ʼn',
  Ǳ: 'DZ',
  ǲ: 'Dz',
  ǳ: 'dz',
  Ǆ: 'DŽ',
  ǅ: 'Dž',
  ǆ: 'dž',
  Ǉ: 'LJ',
  ǈ: 'Lj',
  ǉ: 'lj',
  Ǌ: 'NJ',
  ǋ: 'Nj',
  ǌ: 'nj',
  ﬀ: 'ff',
  ﬁ: 'fi',
  ﬂ: 'fl',
  ﬃ: 'ffi',
  ﬄ: 'ffl',
  ﬅ: 'ſt',
  ﬆ: 'st',
};
const LIGATURE = /[ĲĳŉǄ-ǌǱ-ǳﬀ-ﬆ]/g;
const FULL_WIDTH = /[\uff01-\uff5e\u3000]/g;
// eslint-disable-next-line no-control-regex -- ESC starts the terminal escape sequences removed here
const TERMINAL_ESCAPE = /\x1b\[[0-9;]*[A-Za-z]/g;
/** ftfy CONTROL_CHARS (tab, newline, CR and form feed are kept). */
// eslint-disable-next-line no-control-regex -- the control characters are what this removes
const CONTROL = /[\x00-\x08\x0b\x0e-\x1f\x7f\u206a-\u206f\ufeff\ufff9-\ufffc]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const NEEDS_FIXING = /[^\t\n\r\x20-\x7e]|&/;

/** ftfy.fix_text subset; see the module comment. Pure printable ASCII without '&' is returned as it is. */
export function fixText(text: string): string {
  if (!NEEDS_FIXING.test(text)) return text;
  text = text.replace(TERMINAL_ESCAPE, '');
  text = fixMojibake(text);
  text = fixC1Controls(text);
  // ftfy's "auto": a '<' means the text may be HTML source, where entities are better left alone.
  if (!text.includes('<')) text = unescapeHtml(text);
  text = text.replace(LIGATURE, (ch) => LIGATURES[ch] ?? ch);
  text = text.replace(FULL_WIDTH, (ch) => (ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
  text = text.replace(/[\u02bc\u2018-\u201b]/g, "'").replace(/[\u201c-\u201f]/g, '"');
  text = text.replace(CONTROL, '').replace(LONE_SURROGATE, '\ufffd');
  return text.normalize('NFC');
}
