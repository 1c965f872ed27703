import { describe, expect, it } from 'vitest';
import { collapsePySpace, isPySpace, PY_SPACE, pySplit, pyStrip } from './python-text.js';

// Python 3: [hex(c) for c in range(0x110000) if chr(c).isspace()] (identical to re's \s).
const PYTHON_WHITESPACE = [
  0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
  0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
];

describe('Python whitespace', () => {
  it('isPySpace and PY_SPACE agree with Python exactly over the BMP', () => {
    const spaceClass = new RegExp(`^[${PY_SPACE}]$`, 'u');
    const fromFunction: number[] = [];
    const fromClass: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      if (isPySpace(code)) fromFunction.push(code);
      if (code < 0xd800 || code > 0xdfff) if (spaceClass.test(String.fromCharCode(code))) fromClass.push(code);
    }
    expect(fromFunction).toEqual(PYTHON_WHITESPACE);
    expect(fromClass).toEqual(PYTHON_WHITESPACE);
  });

  it('splits, strips and collapses like str.split() / str.strip()', () => {
    expect(pySplit('\u3000 a\x1cb\u2028 c \x85')).toEqual(['a', 'b', 'c']);
    expect(pySplit('   ')).toEqual([]);
    expect(pyStrip('\xa0 a b \u2009')).toBe('a b');
    expect(collapsePySpace('a \t\n b\u00a0c')).toBe('a b c');
    expect(collapsePySpace('a b')).toBe('a b');
  });
});
