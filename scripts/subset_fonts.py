#!/usr/bin/python3
"""Subsets the DejaVu fonts the app embeds to the characters its interface can show.

The set is: ASCII, Latin-1 and Latin Extended-A (French and English text, and the characters of
the shipped character-level models), whole blocks the interface writes formulas with (combining
marks such as the hat of ŷ, Greek, general punctuation, super/subscripts, arrows, mathematical
operators), and every other character found in the C++ sources of the interface (src/app,
src/platform, src/core: the i18n strings of both languages and every literal drawn by a panel).
Hinting is dropped (ImGui rasterises with stb_truetype, which ignores it), and so are the
OpenType layout tables (ImGui 1.86 neither shapes nor kerns).

usage: subset_fonts.py --out DIR --src ROOT FONT.ttf...
Writes DIR/<same name>.ttf for each font and DIR/codepoints.txt (one U+XXXX a line).
Uses fontTools (Debian: fonttools / python3-fonttools).
"""
import argparse
import glob
import os
import sys

# (first, last) inclusive
BASE_RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement
    (0x0100, 0x017F),  # Latin Extended-A
    (0x0300, 0x036F),  # combining diacritical marks (ŷ = y + U+0302)
    (0x0370, 0x03FF),  # Greek
    (0x2000, 0x206F),  # general punctuation (– — … ‖ ′)
    (0x2070, 0x209F),  # superscripts and subscripts
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators
    (0xFFFD, 0xFFFD),  # replacement character
]

SOURCE_GLOBS = ["src/app/*.cpp", "src/app/*.h", "src/platform/*.cpp", "src/platform/*.h",
                "src/core/*.cpp", "src/core/*.h"]


def source_codepoints(root):
    """Every non-ASCII character of the interface's sources (strings and comments alike: a
    superset of what can be drawn, and comments are few)."""
    cps = set()
    for pattern in SOURCE_GLOBS:
        for path in sorted(glob.glob(os.path.join(root, pattern))):
            with open(path, encoding="utf-8") as f:
                for ch in f.read():
                    if ord(ch) > 0x7E:
                        cps.add(ord(ch))
    return cps


def wanted_codepoints(root):
    cps = set()
    for a, b in BASE_RANGES:
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
    cps = wanted_codepoints(args.src)
    for path in args.fonts:
        opts = subset.Options()
        opts.hinting = False
        opts.layout_features = []
        opts.drop_tables += ["GSUB", "GPOS", "GDEF", "FFTM", "kern"]
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
    with open(os.path.join(args.out, "codepoints.txt"), "w") as f:
        f.write("".join("U+%04X\n" % c for c in cps))


if __name__ == "__main__":
    main()
