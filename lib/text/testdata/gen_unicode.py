#!/usr/bin/python3
"""Writes unicode_py.json: CPython's view of every code point, for the
character-class tests of lib/text (unicode_test.go).

Run with the Python that scikit-learn runs on (Debian's /usr/bin/python3,
3.11, Unicode 14.0):  /usr/bin/python3 gen_unicode.py > unicode_py.json
Keys:
  unidata_version  Unicode version of Python's database
  unassigned       [lo, hi] ranges of category Cn (skipped by the tests: Go's
                   newer tables may assign them)
  word             [lo, hi] ranges matching re's \\w in a str pattern
  lower            [cp, [lowered cps]] for every cp where chr(cp).lower() != chr(cp)
  case_ignorable   ranges where a capital sigma's final-form context skips the cp
  cased            ranges of cased, not case-ignorable, cps (as the final-sigma
                   rule sees them)
"""
import json, re, sys, unicodedata

def ranges(pred):
    out, start = [], None
    for c in range(0x110001):
        ok = c <= 0x10FFFF and not (0xD800 <= c < 0xE000) and pred(c)
        if ok and start is None:
            start = c
        elif not ok and start is not None:
            out.append([start, c - 1])
            start = None
    return out

w = re.compile(r"\w")
SIGMA = "\u03a3"

def ign(c):
    # "A" + c + Σ: final (ς) when c is skipped or is itself cased.
    # c + Σ: final only when c is cased and not skipped.
    t1 = ("A" + chr(c) + SIGMA).lower()[-1] == "\u03c2"
    t3 = (chr(c) + SIGMA).lower()[-1] == "\u03c2"
    return t1 and not t3

def cased(c):
    return (chr(c) + SIGMA).lower()[-1] == "\u03c2"

lower = []
for c in range(0x110000):
    if 0xD800 <= c < 0xE000:
        continue
    l = chr(c).lower()
    if l != chr(c):
        lower.append([c, [ord(x) for x in l]])

json.dump({
    "python": sys.version.split()[0],
    "unidata_version": unicodedata.unidata_version,
    "unassigned": ranges(lambda c: unicodedata.category(chr(c)) == "Cn"),
    "word": ranges(lambda c: w.match(chr(c)) is not None),
    "lower": lower,
    "case_ignorable": ranges(ign),
    "cased": ranges(cased),
}, sys.stdout, separators=(",", ":"))
sys.stdout.write("\n")
