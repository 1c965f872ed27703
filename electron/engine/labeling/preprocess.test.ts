import { describe, expect, it } from 'vitest';
import { fixMojibake, fixText, unescapeHtml } from './fix-text.js';
import { preprocessCaption } from './preprocess.js';
import { pyUnquote } from './url-unquote.js';

// Expected values: CoreNet's caption_preprocessing (urllib.parse.unquote, re, ftfy 6.3) on the same input.
describe('pyUnquote', () => {
  it('decodes %XX runs as UTF-8 like urllib.parse.unquote', () => {
    expect(pyUnquote('A%20dog%20in%20the%20park')).toBe('A dog in the park');
    expect(pyUnquote('%C3%A9t%C3%A9')).toBe('été');
    expect(pyUnquote('%E2%80%99s')).toBe('’s');
  });

  it('tolerates malformed sequences instead of throwing', () => {
    expect(pyUnquote('100% cotton')).toBe('100% cotton');
    expect(pyUnquote('%ZZ%')).toBe('%ZZ%');
    expect(pyUnquote('50%off')).toBe('50%off');
    expect(pyUnquote('%e9')).toBe('\ufffd'); // Latin-1 byte, invalid UTF-8: errors='replace'
    expect(pyUnquote('%C3')).toBe('\ufffd');
  });
});

describe('fixText (ftfy subset)', () => {
  it('repairs UTF-8 read as Windows-1252 / Latin-1', () => {
    expect(fixMojibake('cafÃ©')).toBe('café');
    expect(fixMojibake('â€™')).toBe('’');
    expect(fixMojibake('Ð¼Ð¾Ñ\x81ÐºÐ²Ð°')).toBe('москва'); // byte 0x81 arrives as the C1 control U+0081
    expect(fixMojibake('cafÃƒÂ©')).toBe('café'); // encoded twice
    expect(fixText('The Mona Lisa doesnÃ¢â‚¬â„¢t have eyebrows.')).toBe("The Mona Lisa doesn't have eyebrows.");
  });

  it('leaves correct accented text alone', () => {
    expect(fixText('naïve café résumé')).toBe('naïve café résumé');
    expect(fixText('«ÉTÉ»')).toBe('«ÉTÉ»');
    expect(fixText('Ã')).toBe('Ã');
  });

  it('does the other ftfy fixes that change tokens', () => {
    expect(fixText('dog’s “ball”')).toBe('dog\'s "ball"');
    expect(fixText('\x92quoted\x93')).toBe('\'quoted"');
    expect(fixText('ﬁsh ﬂag')).toBe('fish flag');
    expect(fixText('ＡＢＣ\u3000ｘ')).toBe('ABC x');
    expect(fixText('a\x00b\x1b[31mc\ufeff')).toBe('abc');
    expect(fixText('e\u0301')).toBe('é');
    expect(fixText('lone \ud800 surrogate')).toBe('lone \ufffd surrogate');
  });

  it('unescapes HTML entities unless the text still holds a "<"', () => {
    expect(unescapeHtml('&amp; &lt;b&gt; &#39; &#x41; &eacute;')).toBe("& <b> ' A é");
    expect(unescapeHtml('&#150; &#0; &bogus;')).toBe('– \ufffd &bogus;');
    expect(fixText('x &lt; y <b>')).toBe('x &lt; y <b>');
  });
});

describe('preprocessCaption', () => {
  it('runs CoreNet caption_preprocessing end to end', () => {
    expect(preprocessCaption('<b>Bold</b> dog <a href="x">link</a>')).toBe('bold dog link');
    expect(preprocessCaption('a+b+c')).toBe('a b c');
    expect(preprocessCaption('%2B plus')).toBe('plus'); // unquote first, then '+' -> ' '
    expect(preprocessCaption('<p>caf&eacute; &amp; bar</p>')).toBe('café & bar');
    expect(preprocessCaption('  lots   of \n\n space\t ')).toBe('lots of space');
    expect(preprocessCaption('UPPER CASE Dog')).toBe('upper case dog');
    expect(preprocessCaption('<unclosed tag dog')).toBe('<unclosed tag dog');
    expect(preprocessCaption('ThÃ©o')).toBe('théo');
  });

  it('keeps case on request (for the POS tagger)', () => {
    expect(preprocessCaption(' A <i>Dog</i> in New%20York ', { lowerCase: false })).toBe('A Dog in New York');
  });

  it('does not let an HTML tag span lines (CoreNet uses "<.*?>")', () => {
    expect(preprocessCaption('a <b\nc> d')).toBe('a <b c> d');
  });
});
