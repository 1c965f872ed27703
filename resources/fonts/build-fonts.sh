#!/usr/bin/env bash
# Builds the PDF report's Japanese fonts: the JP face of Noto Sans CJK (SIL OFL 1.1), subset to what a
# Japanese business report needs, so that every PDF embeds a font that renders Japanese on any machine.
#
# Needs: fonttools (Debian: apt-get install python3-fonttools; or pip install fonttools) and the Noto Sans
# CJK collections (Debian: fonts-noto-cjk; or NotoSansCJK-{Regular,Bold}.ttc from
# https://github.com/notofonts/noto-cjk). Set NOTO_CJK_DIR if they are not in the Debian location.
#
# Kept: ASCII, Latin-1, Latin Extended-A, general punctuation, letterlike symbols, arrows, maths operators,
# enclosed alphanumerics, box drawing, geometric shapes, CJK symbols and punctuation, hiragana, katakana,
# enclosed CJK letters, CJK compatibility (units), full-width forms, and every character of Windows-31J
# (JIS X 0208 with kanji levels 1 and 2, NEC special characters, NEC/IBM extensions such as 髙 and 﨑).
# The result is deterministic for a given source font and fonttools version.
set -euo pipefail
cd "$(dirname "$0")"

SRC="${NOTO_CJK_DIR:-/usr/share/fonts/opentype/noto}"
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import fontTools.subset' 2>/dev/null; then
  # a pyenv/venv python3 may lack the Debian package's module
  PYTHON=/usr/bin/python3
  "$PYTHON" -c 'import fontTools.subset' || { echo "fonttools not found (apt-get install python3-fonttools)" >&2; exit 1; }
fi

UNICODES="$(mktemp)"
trap 'rm -f "$UNICODES"' EXIT
"$PYTHON" - "$UNICODES" <<'PY'
import sys
ranges = [
    (0x0020, 0x007E), (0x00A0, 0x00FF), (0x0100, 0x017F),  # ASCII, Latin-1, Latin Extended-A
    (0x2000, 0x206F), (0x2100, 0x214F), (0x2190, 0x21FF),  # general punctuation, letterlike, arrows
    (0x2200, 0x22FF), (0x2460, 0x24FF), (0x2500, 0x257F),  # maths operators, enclosed alphanumerics, box drawing
    (0x25A0, 0x25FF), (0x3000, 0x303F), (0x3040, 0x309F),  # geometric shapes, CJK symbols, hiragana
    (0x30A0, 0x30FF), (0x31F0, 0x31FF), (0x3200, 0x32FF),  # katakana (+ phonetic extensions), enclosed CJK
    (0x3300, 0x33FF), (0xFF00, 0xFFEF),                    # CJK compatibility (㎡ ㌔), full-width forms
]
chars = set()
for lo, hi in ranges:
    chars.update(range(lo, hi + 1))
# Windows-31J double-byte codes: JIS X 0208 (levels 1 and 2) plus the NEC and IBM extensions
for lead in list(range(0x81, 0xA0)) + list(range(0xE0, 0xFD)):
    for trail in list(range(0x40, 0x7F)) + list(range(0x80, 0xFD)):
        try:
            chars.update(ord(c) for c in bytes([lead, trail]).decode('cp932'))
        except UnicodeDecodeError:
            pass
with open(sys.argv[1], 'w') as f:
    f.write('\n'.join(f'U+{c:04X}' for c in sorted(chars)) + '\n')
PY

for weight in Regular Bold; do
  "$PYTHON" -m fontTools.subset "$SRC/NotoSansCJK-$weight.ttc" --font-number=0 \
    --unicodes-file="$UNICODES" \
    --layout-features='*' --name-IDs='*' --name-languages='*' --notdef-outline \
    --output-file="NotoSansCJKjp-$weight-subset.otf"
  echo "NotoSansCJKjp-$weight-subset.otf: $(stat -c %s "NotoSansCJKjp-$weight-subset.otf") bytes"
done
