#!/usr/bin/python3
"""Subsets the DejaVu fonts the app embeds to the characters its interface can show.

Every font gets ASCII, Latin-1 and every character found in the C++ sources of the interface
(src/app, src/platform, src/core: the i18n strings of both languages and every literal drawn by
a panel: Greek letters, arrows, operators, the combining hat of ŷ, ...). The two fonts that also
draw text from the data and the model (Sans: tokens, prompts, generated text; Sans Mono: numbers
and token cells) add Latin Extended-A and the Greek letters, so a pasted text in a European
language or in Greek still shows; Sans Bold draws only the interface's own titles and names.
Whole blocks the interface does not write (arrows, mathematical operators, super/subscripts,
punctuation, combining marks beyond the ones used) are left out: a character outside the set
draws as ImGui's fallback glyph. Hinting is dropped (ImGui rasterises with stb_truetype, which
ignores it), and so are the OpenType layout and MATH tables (ImGui 1.86 neither shapes nor kerns).
tests/fonts/check_glyphs.py checks that no string of either language loses a glyph.

usage: subset_fonts.py --out DIR --src ROOT FONT.ttf...
Writes DIR/<same name>.ttf for each font and DIR/codepoints.txt (U+XXXX <font names> a line).
Uses fontTools (Debian: fonttools / python3-fonttools).
"""
import argparse
import glob
import os
import re
import sys

# (first, last) inclusive
BASE_RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement
    (0xFFFD, 0xFFFD),  # replacement character
]
# the fonts that draw the data's and the model's text too (file name -> extra ranges)
TEXT_RANGES = [
    (0x0100, 0x017F),  # Latin Extended-A (pasted text in Polish, Czech, Turkish, ...)
    (0x0391, 0x03A9),  # Greek capitals
    (0x03B1, 0x03C9),  # Greek small letters
]
EXTRA_RANGES = {"DejaVuSans.ttf": TEXT_RANGES, "DejaVuSansMono.ttf": TEXT_RANGES, "DejaVuSans-Bold.ttf": []}

SOURCE_GLOBS = ["src/app/*.cpp", "src/app/*.h", "src/platform/*.cpp", "src/platform/*.h",
                "src/core/*.cpp", "src/core/*.h"]


def source_codepoints(root):
    """Every non-ASCII character of the interface's sources (strings and comments alike: a
    superset of what can be drawn, and comments are few)."""
    cps = set()
    for pattern in SOURCE_GLOBS:
        for path in sorted(glob.glob(os.path.join(root, pattern))):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            # characters written as escapes count too ("\u202f", the French thousands separator)
            escaped = [chr(int(u or U, 16)) for u, U in re.findall(r"\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})", text)]
            for ch in text + "".join(escaped):
                if ord(ch) > 0x7E:
                    cps.add(ord(ch))
    return cps


def wanted_codepoints(root, font_name):
    cps = set()
    for a, b in BASE_RANGES + EXTRA_RANGES.get(font_name, TEXT_RANGES):
        cps.update(range(a, b + 1))
    cps |= source_codepoints(root)
    return sorted(cps)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("fonts", nargs="+")
    args = ap.parse_args()
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError:
        sys.exit("subset_fonts.py: fontTools not found (apt-get install fonttools)")
    os.makedirs(args.out, exist_ok=True)
    per_font = {}
    for path in args.fonts:
        cps = wanted_codepoints(args.src, os.path.basename(path))
        per_font[os.path.basename(path)] = cps
        opts = subset.Options()
        opts.hinting = False
        opts.layout_features = []
        opts.drop_tables += ["GSUB", "GPOS", "GDEF", "FFTM", "kern", "MATH"]
        opts.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # keep the licence-bearing copyright/name records
        opts.notdef_outline = True
        font = TTFont(path)
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=cps)
        sub.subset(font)
        out = os.path.join(args.out, os.path.basename(path))
        tmp = out + ".tmp"
        font.save(tmp)
        os.replace(tmp, out)
    every = sorted(set().union(*per_font.values()))
    with open(os.path.join(args.out, "codepoints.txt"), "w") as f:
        f.write("".join("U+%04X %s\n" % (c, " ".join(n for n in sorted(per_font) if c in per_font[n])) for c in every))


if __name__ == "__main__":
    main()
