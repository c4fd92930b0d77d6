#!/usr/bin/python3
"""Builds GPT Anatomy's text data sets from Debian packages, at build time.

    make_data.py BUILD_DIR            writes BUILD_DIR/web/assets/data/
    make_data.py --out DIR            writes DIR/

Nothing here is committed as copied text: the sources are the installed packages
  bible-kjv  (King James Version, public domain; read through the `bible` command)
  wfrench    (/usr/share/dict/french, GPL-2+)
  wamerican  (/usr/share/dict/american-english, SCOWL licence: permissive, keep the notice)
and the output is a deterministic function of them (same packages, same bytes), so a model
trained on words-fr.txt can be checked against the same validation split on any machine.

Output: kjv-genesis.txt, words-fr.txt, words-en.txt, the word lists' compact forms words-fr.words
and words-en.words (the same texts, what the page downloads: pack_words), index.json and the packages' copyright
files (the word-list licences ask for their notice to travel with the words). Every file is
written to a temporary name and renamed, so an interrupted run leaves no partial file.
Only the Python standard library is used.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata

KJV_DATA = "/usr/lib/bible.data"
DICT_FR = "/usr/share/dict/french"
DICT_EN = "/usr/share/dict/american-english"
COPYRIGHT = {
    "bible-kjv": "/usr/share/doc/bible-kjv/copyright",
    "wfrench": "/usr/share/doc/wfrench/copyright",
    "wamerican": "/usr/share/doc/wamerican/copyright",
}

# Word lists: lower-case letters only, so the character alphabet stays small (a tiny model's
# embedding matrix wte is V x C: every letter is a row of the heatmap).
LETTERS_EN = "abcdefghijklmnopqrstuvwxyz"
LETTERS_FR = LETTERS_EN + "àâçéèêîïôû"   # the rarer ë ü ù ÿ œ æ ú ö are left out (few words)
WORDS_FR = 40000
WORDS_EN = 40000
SHUFFLE_SEED_FR = 1
SHUFFLE_SEED_EN = 2

MASK64 = (1 << 64) - 1


def die(msg):
    sys.stderr.write("make_data: " + msg + "\n")
    sys.exit(1)


def splitmix64(state):
    """One step of SplitMix64: (new_state, output). Same numbers on every Python version,
    unlike random.shuffle whose algorithm is not a documented contract."""
    state = (state + 0x9E3779B97F4A7C15) & MASK64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return state, z ^ (z >> 31)


def shuffle(items, seed):
    """Fisher-Yates with SplitMix64 (the modulo bias is irrelevant for a word list)."""
    state = seed
    for i in range(len(items) - 1, 0, -1):
        state, r = splitmix64(state)
        j = r % (i + 1)
        items[i], items[j] = items[j], items[i]


def write_atomic(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def read_text(path, package):
    if not os.path.exists(path):
        die("%s not found: install Debian's %s package (apt-get install %s; scripts/setup.sh does it)"
            % (path, package, package))
    with open(path, "rb") as f:
        raw = f.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        die("%s is not UTF-8 (byte %d): unexpected %s package contents" % (path, e.start, package))


def kjv_book(spec, package="bible-kjv"):
    """The verses of a book as one verse per line, without the verse references."""
    exe = shutil.which("bible") or ("/usr/bin/bible" if os.path.exists("/usr/bin/bible") else None)
    if exe is None or not os.path.exists(KJV_DATA):
        die("the King James text needs Debian's %s package (the `bible` command and %s): "
            "apt-get install %s (scripts/setup.sh does it)" % (package, KJV_DATA, package))
    try:
        out = subprocess.run([exe, "-f", spec], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             check=True, env=dict(os.environ, COLUMNS="100000")).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        die("`bible -f %s` failed: %s" % (spec, e))
    lines = []
    ref = re.compile(r"^[1-3]?[A-Za-z]+[0-9]+:[0-9]+ ")
    for line in out.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if not line:
            continue
        m = ref.match(line)
        if not m:
            die("unexpected line from `bible -f %s`: %r" % (spec, line[:60]))
        # single spaces only: the char model should spend its capacity on words, not layout
        lines.append(" ".join(line[m.end():].split()))
    if len(lines) < 100:
        die("`bible -f %s` gave only %d verses: is the bible-kjv data complete?" % (spec, len(lines)))
    return "\n".join(lines) + "\n"


def word_list(path, package, letters, count, seed):
    text = read_text(path, package)
    allowed = set(letters)
    seen = set()
    words = []
    for w in text.splitlines():
        w = unicodedata.normalize("NFC", w.strip())
        # proper nouns (capitalised), abbreviations, possessives and compounds are left out
        if len(w) < 2 or w != w.lower() or not set(w) <= allowed or w in seen:
            continue
        seen.add(w)
        words.append(w)
    if len(words) < count:
        die("%s has only %d usable words (need %d): unexpected %s package contents"
            % (path, len(words), count, package))
    words.sort()          # the order of the package file must not matter, only its set of words
    total = len(words)
    shuffle(words, seed)
    kept = words[:count]
    text = "\n".join(kept) + "\n"
    packed = pack_words(kept, total, seed)
    if unpack_words(packed) != text:
        die("%s: the compact word list does not give the text back (make_data.py bug)" % path)
    return text, packed


def pack_words(kept, total, seed):
    """The compact form of a word list (<name>.words, what the page downloads): the kept words
    sorted and front-coded, and the shuffle's parameters to replay (src/core/data.h,
    words_unpack). Same text, half the bytes under gzip: a shuffled list compresses badly."""
    lines = ["ga-words 1 %d %d %d" % (total, seed, len(kept))]
    prev = ""
    for w in sorted(kept):
        k = 0
        while k < min(len(prev), len(w)) and prev[k] == w[k]:
            k += 1
        lines.append("%d%s" % (k, w[k:]))
        prev = w
    return "\n".join(lines) + "\n"


def unpack_words(packed):
    """The text back from pack_words' output, as words_unpack does it in C++."""
    head, *lines = packed.rstrip("\n").split("\n")
    _, _, total, seed, count = head.split()
    total, seed, count = int(total), int(seed), int(count)
    words, prev = [], ""
    for line in lines:
        d = len(line) - len(line.lstrip("0123456789"))
        prev = prev[:int(line[:d])] + line[d:]
        words.append(prev)
    idx = list(range(total))
    shuffle(idx, seed)
    rank = {j: r for r, j in enumerate(sorted(idx[:count]))}
    return "".join(words[rank[j]] + "\n" for j in idx[:count])


def describe(text):
    alphabet = sorted(set(text))
    return {"bytes": len(text.encode("utf-8")), "chars": len(text), "lines": text.count("\n"),
            "alphabet_size": len(alphabet)}


def main(argv):
    if len(argv) == 2 and not argv[1].startswith("-"):
        out_dir = os.path.join(argv[1], "web", "assets", "data")
    elif len(argv) == 3 and argv[1] == "--out":
        out_dir = argv[2]
    else:
        die("usage: make_data.py BUILD_DIR  |  make_data.py --out DIR")
    # everything is produced in memory first: a missing package stops before any file is written
    genesis = kjv_book("Ge1:1-50:26")
    fr, fr_packed = word_list(DICT_FR, "wfrench", LETTERS_FR, WORDS_FR, SHUFFLE_SEED_FR)
    en, en_packed = word_list(DICT_EN, "wamerican", LETTERS_EN, WORDS_EN, SHUFFLE_SEED_EN)
    for pkg, path in COPYRIGHT.items():
        if not os.path.exists(path):
            die("%s not found: install Debian's %s package" % (path, pkg))

    os.makedirs(out_dir, exist_ok=True)
    split = "last 10% of the tokens = validation, the first 90% = training"
    sets = [
        dict(name="kjv-genesis", file="kjv-genesis.txt", kind="text",
             description_en="The book of Genesis, King James Version (1611): one verse per line, "
                            "without verse numbers. English prose for a character model.",
             description_fr="Le livre de la Genèse, Bible du roi Jacques (1611, en anglais) : un verset "
                            "par ligne, sans numéros. De la prose pour un modèle de caractères.",
             source="Debian package bible-kjv (`bible -f Ge1:1-50:26`)",
             licence="Public domain (KJV text, 1611); see copyright-bible-kjv.txt",
             tokenizer="char", split=split, text=genesis),
        dict(name="words-fr", file="words-fr.txt", kind="words",
             description_en="%d French words, one per line, lower case, shuffled: a model learns to "
                            "invent French-looking words." % WORDS_FR,
             description_fr="%d mots français, un par ligne, en minuscules, mélangés : un modèle apprend "
                            "à inventer des mots qui ont l'air français." % WORDS_FR,
             source="Debian package wfrench (/usr/share/dict/french), letters %s only" % LETTERS_FR,
             licence="GPL-2+ (wfrench); see copyright-wfrench.txt",
             tokenizer="char", split=split, text=fr, packed_text=fr_packed),
        dict(name="words-en", file="words-en.txt", kind="words",
             description_en="%d English words, one per line, lower case, shuffled: a model learns to "
                            "invent English-looking words." % WORDS_EN,
             description_fr="%d mots anglais, un par ligne, en minuscules, mélangés : un modèle apprend "
                            "à inventer des mots qui ont l'air anglais." % WORDS_EN,
             source="Debian package wamerican (/usr/share/dict/american-english), letters a-z only",
             licence="SCOWL licence (permissive, notice required); see copyright-wamerican.txt",
             tokenizer="char", split=split, text=en, packed_text=en_packed),
    ]
    synthetic = [
        dict(name="addition", kind="synthetic", file=None, example="123+45=168",
             description_en="Addition of whole numbers of 1 to 3 digits, generated in code. "
                            "Accuracy = exact answers after '=' (greedy decoding).",
             description_fr="Additions de nombres de 1 à 3 chiffres, générées par le programme. "
                            "Exactitude = réponses exactes après « = » (décodage glouton).",
             licence="generated", tokenizer="char"),
        dict(name="reversal", kind="synthetic", file=None, example="abc|cba",
             description_en="Reverse a string of 1 to 7 letters a-j, generated in code. "
                            "Accuracy = exact answers after '|'.",
             description_fr="Renverser une suite de 1 à 7 lettres a-j, générée par le programme. "
                            "Exactitude = réponses exactes après « | ».",
             licence="generated", tokenizer="char"),
        dict(name="sorting", kind="synthetic", file=None, example="3141|1134",
             description_en="Sort 1 to 8 digits in increasing order, generated in code. "
                            "Accuracy = exact answers after '|'.",
             description_fr="Trier de 1 à 8 chiffres par ordre croissant, généré par le programme. "
                            "Exactitude = réponses exactes après « | ».",
             licence="generated", tokenizer="char"),
    ]
    index = {"generated_by": "scripts/make_data.py", "datasets": []}
    for s in sets:
        text = s.pop("text")
        packed = s.pop("packed_text", None)
        write_atomic(os.path.join(out_dir, s["file"]), text.encode("utf-8"))
        s.update(describe(text))
        if packed is not None:   # the page downloads this one (web/anatomy.js, dataText)
            s["packed"] = s["file"][:-len(".txt")] + ".words"
            write_atomic(os.path.join(out_dir, s["packed"]), packed.encode("utf-8"))
            s["packed_bytes"] = len(packed.encode("utf-8"))
        index["datasets"].append(s)
    index["datasets"].extend(synthetic)
    for pkg, path in COPYRIGHT.items():
        with open(path, "rb") as f:
            write_atomic(os.path.join(out_dir, "copyright-%s.txt" % pkg), f.read())
    write_atomic(os.path.join(out_dir, "index.json"),
                 (json.dumps(index, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
