#!/usr/bin/python3
"""No glyph goes missing: every character of every string literal the interface can draw (the
i18n strings of both languages in src/app/i18n.cpp and every other literal of src/app and
src/platform) must be in the subset fonts the app embeds and inside the glyph ranges ImGui is
asked to rasterise (kGlyphRanges in src/platform/main_emscripten.cpp).
Sans (text) and Sans Bold (titles) must have every character; Sans Mono (numbers) must keep
every character the full Debian font has (subsetting may not lose one).

usage: check_glyphs.py --src ROOT --fonts DIR [--full DIR]   exit 0 when nothing is missing
"""
import argparse
import glob
import os
import re
import sys

from fontTools.ttLib import TTFont

LITERAL = re.compile(r'(?:u8|L|u|U)?"((?:[^"\\\n]|\\.)*)"')


def literals(path):
    text = open(path, encoding="utf-8").read()
    # drop comments so that only drawable text counts
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    for m in LITERAL.finditer(text):
        s = m.group(1)
        s = re.sub(r"\\u([0-9a-fA-F]{4})", lambda x: chr(int(x.group(1), 16)), s)
        s = re.sub(r"\\U([0-9a-fA-F]{8})", lambda x: chr(int(x.group(1), 16)), s)
        s = re.sub(r"\\.", "", s)  # other escapes (\n, \", \\) are not drawn glyphs
        yield text.count("\n", 0, m.start()) + 1, s


def glyph_ranges(root):
    src = open(os.path.join(root, "src/platform/main_emscripten.cpp"), encoding="utf-8").read()
    m = re.search(r"kGlyphRanges\[\]\s*=\s*\{([^}]*)\}", src)
    if not m:
        sys.exit("check_glyphs.py: kGlyphRanges not found in src/platform/main_emscripten.cpp")
    nums = [int(x, 0) for x in re.findall(r"0x[0-9A-Fa-f]+|\d+", m.group(1))]
    nums = nums[: nums.index(0)] if 0 in nums else nums
    return [(nums[i], nums[i + 1]) for i in range(0, len(nums) - 1, 2)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True)
    ap.add_argument("--fonts", required=True)
    ap.add_argument("--full", default="/usr/share/fonts/truetype/dejavu")
    a = ap.parse_args()
    cmaps = {}
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"):
        cmaps[name] = set(TTFont(os.path.join(a.fonts, name))["cmap"].getBestCmap())
    full_mono = set(TTFont(os.path.join(a.full, "DejaVuSansMono.ttf"))["cmap"].getBestCmap())
    ranges = glyph_ranges(a.src)
    files = sorted(glob.glob(os.path.join(a.src, "src/app/*.cpp")) + glob.glob(os.path.join(a.src, "src/app/*.h")) +
                   glob.glob(os.path.join(a.src, "src/platform/*.cpp")))
    problems = []
    strings = chars = 0
    for path in files:
        rel = os.path.relpath(path, a.src)
        for line, s in literals(path):
            strings += 1
            for ch in s:
                cp = ord(ch)
                if cp < 0x20 or cp == 0x7F or cp in (0x200B, 0x200C, 0x200D, 0xFEFF):
                    continue  # control and zero-width characters draw nothing
                chars += 1
                why = []
                for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
                    if cp not in cmaps[name]:
                        why.append("not in " + name)
                if cp in full_mono and cp not in cmaps["DejaVuSansMono.ttf"]:
                    why.append("lost from DejaVuSansMono.ttf")
                if not any(lo <= cp <= hi for lo, hi in ranges):
                    why.append("outside kGlyphRanges")
                if why:
                    problems.append("%s:%d: U+%04X %r in %r: %s" % (rel, line, cp, ch, s[:60], ", ".join(why)))
    for p in problems[:50]:
        print(p)
    print("check_glyphs: %d strings, %d characters in %d files, %d missing" % (strings, chars, len(files), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
