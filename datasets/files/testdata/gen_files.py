#!/usr/bin/python3
"""Builds the test inputs of package files and records what scikit-learn
1.2.1 and Python 3 make of them, for the Go tests.

    cd datasets/files/testdata && /usr/bin/python3 gen_files.py > files_expected.json

It (re)writes tree/ (a folder of category folders with tricky names and
contents, committed) and the *.jsonl files, then records:

  folder_cases   load_files(tree, encoding=..., decode_error="replace",
                 shuffle=..., random_state=...) for utf-8 and latin-1,
                 shuffle off, on with 0, on with 42: data, target,
                 target_names, filenames relative to tree;
  extra_cases    the same on copies of tree made in a temporary folder:
                 with an empty category folder added, with a folder nested
                 in a category (load_files raises), and a category whose
                 file names are not valid UTF-8 (recorded in hex);
  decode         bytes.decode("utf-8", "replace") of tricky and random
                 byte strings (input and output as hex);
  jsonl_cases    a json.loads-based reader of the *.jsonl files (below);
  cli            CountVectorizer(stop_words="english") and
                 HashingVectorizer(n_features=64, stop_words="english") on
                 load_files(tree, encoding="utf-8", decode_error="replace")
                 and the count vectorizer on labels.jsonl, the figures the
                 topics command prints.
"""
import hashlib, json, os, random, shutil, sys, tempfile

import numpy as np
import sklearn
from sklearn.datasets import load_files
from sklearn.feature_extraction.text import CountVectorizer, HashingVectorizer

HERE = os.path.dirname(os.path.abspath(__file__))
TREE = os.path.join(HERE, "tree")

# Relative path -> contents. Category names sort differently by bytes
# ("10" < "9" < "Zebra" < "_under" < "alpha" < "beta" < "café") than
# case-insensitively or numerically; file names likewise.
FILES = {
    "README.txt": b"a stray top-level file: not a category, ignored",
    "zz-stray": b"another stray file",
    "10/1": b"Ten one: space shuttle launch orbit",
    "10/10": b"ten ten orbit moon lunar",
    "10/2": b"ten two: shuttle moon",
    "9/a": b"nine a graphics image jpeg",
    "9/B": b"nine B image data file format",
    "Zebra/stripes": b"zebra stripes black white animal",
    "Zebra/\u00e4": "umlaut file \u00e4rger \u00fcber stra\u00dfe".encode("utf-8"),
    "Zebra/\u00c4": "capital umlaut \u00c4pfel".encode("utf-8"),
    "_under/x": b"underscore category words",
    "alpha/bad-utf8": (b"trunc3 \xe2\x82 end trunc3b \xe2\x82A trunc4 \xf0\x9f\x98 x surrogate \xed\xa0\x80 y "
                       b"overlong \xc0\xaf z lone \x80\x80 cont big \xf4\x90\x80\x80 w e0 \xe0\x80\xaf v "
                       b"f0 \xf0\x80\x80 u ok caf\xc3\xa9 na\xc3\xafve last \xf0\x9f"),
    "alpha/latin1": b"caf\xe9 na\xefve r\xe9sum\xe9 \xff\xfe \xa0nbsp end",
    "alpha/empty": b"",
    "alpha/.hidden": b"hidden file text god religion",
    "beta/bom": b"\xef\xbb\xbfbom start text space",
    "beta/crlf": b"line one\r\nline two\r\nwindows text\r\n",
    "beta/mixed": "mixed na\u00efve \U0001F600 smile \u0130stanbul \u03a3\u039f\u03a3".encode("utf-8") + b" \xe9t\xe9",
    "caf\u00e9/doc": b"accented category doc about jesus and atheism",
    "caf\u00e9/doc2": b"second accented doc graphics",
}

ODD_NAMES = [b"a", b"\xff", b"\xee\x80\x80", b"\xed\x9f\xbf", b"\x80", b"\xc3\xa9", b"b\xe2\x82",
             b"b", b"\xf0\x9f\x98\x80", b"B", b"b\xe2\x82\xac", b"\xed\xa0\x80"]


def write_tree():
    if os.path.isdir(TREE):
        shutil.rmtree(TREE)
    for rel, data in FILES.items():
        p = os.path.join(os.fsencode(TREE), os.fsencode(rel) if isinstance(rel, str) else rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)


def bunch(root, **kw):
    b = load_files(root, decode_error="replace", **kw)
    return dict(
        data=list(b.data),
        target=[int(t) for t in b.target],
        target_names=list(b.target_names),
        filenames=[os.path.relpath(f, root).replace(os.sep, "/") for f in b.filenames],
    )


def folder_cases():
    out = []
    for enc in ["utf-8", "latin-1"]:
        for shuffle, rs in [(False, 0), (True, 0), (True, 42)]:
            c = dict(name="%s-shuffle%s-rs%d" % (enc, shuffle, rs), encoding=enc, shuffle=shuffle, random_state=rs)
            c.update(bunch(TREE, encoding=enc, shuffle=shuffle, random_state=rs))
            out.append(c)
    return out


def extra_cases():
    out = []
    tmp = tempfile.mkdtemp(prefix="gen-files-")
    try:
        root = os.path.join(tmp, "empty")
        shutil.copytree(TREE, root)
        os.mkdir(os.path.join(root, "Empty"))
        c = dict(name="empty-category", add_dir="Empty", encoding="utf-8", shuffle=True, random_state=0)
        c.update(bunch(root, encoding="utf-8", shuffle=True, random_state=0))
        out.append(c)

        root = os.path.join(tmp, "nested")
        shutil.copytree(TREE, root)
        os.makedirs(os.path.join(root, "alpha", "sub"))
        with open(os.path.join(root, "alpha", "sub", "deep"), "wb") as f:
            f.write(b"deep")
        c = dict(name="nested-folder", add_dir="alpha/sub", add_file="alpha/sub/deep")
        try:
            bunch(root, encoding="utf-8")
            c["error"] = None
        except Exception as e:
            c["error"] = type(e).__name__
            c["error_path"] = os.path.relpath(e.filename, root)
        out.append(c)

        root = os.path.join(tmp, "odd")
        os.makedirs(os.path.join(root, "c"))
        for n in ODD_NAMES:
            with open(os.path.join(os.fsencode(root), b"c", n), "wb") as f:
                f.write(n)
        b = load_files(root, shuffle=False)
        out.append(dict(
            name="odd-names", names_hex=[n.hex() for n in ODD_NAMES],
            filenames_hex=[os.path.relpath(os.fsencode(f), os.fsencode(root)).hex() for f in b.filenames],
            data_hex=[d.hex() for d in b.data]))
    finally:
        shutil.rmtree(tmp)
    return out


def decode_cases():
    tricky = [b"", b"plain", b"\xe2\x82A", b"\xe2\x82", b"\xed\xa0\x80", b"\xed\x9f\xbf", b"\xc0\xaf", b"\xc1\xbf",
              b"\xc2\x80", b"\xf0\x9f\x98", b"\xf0\x9f\x98\x80", b"\xf4\x90\x80\x80", b"\xf4\x8f\xbf\xbf",
              b"\xe0\x80\xaf", b"\xe0\xa0\x80", b"\xf0\x80\x80", b"\xf0\x8f\xbf\xbf", b"\x80\x80", b"\xff\xfe",
              b"\xf5\x80\x80\x80", b"\xf8\x88\x80\x80\x80", b"\xef\xbf\xbd", b"\xef\xbb\xbfbom", b"a\xc3",
              b"\xe2\x82\xe2\x82\xac", b"\xf1\x80\x80\xe1\x80\xc2", b"\xed\xbf\xbf", b"\xee\x80\x80"]
    rng = random.Random(14)
    alphabet = list(range(0x80, 0x100)) + [0x41] * 8 + [0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf] * 10 + \
        [0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4] * 6
    for _ in range(2500):
        tricky.append(bytes(rng.choice(alphabet) for _ in range(rng.randint(1, 9))))
    return [dict(input=b.hex(), output=b.decode("utf-8", "replace").encode("utf-8").hex()) for b in tricky]


JSONL = {
    "labels.jsonl": (
        "\ufeff" + '{"text": "First doc about space and orbit", "label": "sci.space", "id": 1}\r\n'
        '\n'
        '   \t \r\n'
        '{"label": "B-upper", "text": "second doc \\u00e9t\\u00e9 caf\\u00e9 graphics"}\n'
        '{"text": "third doc: dup key keeps last", "label": "alpha", "label": "\u00e9t\u00e9"}\n'
        '{"text": "", "label": "alpha"}\n'
        '{"text": "emoji \\ud83d\\ude00 escaped pair and \U0001F600 raw", "label": "sci.space", "extra": [1, 2, {"x": null}]}\n'
        '{"text": "tab\\tnew\\nline\\\\ back \\"quote\\"", "label": "B-upper"}\n'
        '{"text": "last line without newline", "label": "alpha"}'
    ),
    "ints.jsonl": (
        '{"text": "label ten", "label": 10}\n'
        '{"text": "label two", "label": 2}\n'
        '{"text": "label minus three", "label": -3}\n'
        '{"text": "label two again", "label": 2}\n'
        '{"text": "label zero", "label": 0}\n'
    ),
    "nolabel.jsonl": (
        '{"body": "no label one", "label_x": "ignored"}\n'
        '{"body": "no label two"}\n'
        '\n'
    ),
}


def read_jsonl(path, text="text", label="label", no_labels=False):
    """The format as package files defines it, with Python's json."""
    data, lines, labels = [], [], []
    raw = open(path, "rb").read().split(b"\n")
    for i, l in enumerate(raw, 1):
        if i == 1 and l.startswith(b"\xef\xbb\xbf"):
            l = l[3:]
        if l.strip(b" \t\r") == b"":
            continue
        obj = json.loads(l.decode("utf-8"))
        assert isinstance(obj, dict) and isinstance(obj[text], str)
        data.append(obj[text])
        lines.append(i)
        if not no_labels and label in obj:
            v = obj[label]
            assert type(v) in (str, int)
            labels.append(v)
    out = dict(data=data, lines=lines, target=None, target_names=None)
    if labels:
        assert len(labels) == len(data)
        names = sorted(set(labels))
        out["target_names"] = [str(n) for n in names]
        out["target"] = [names.index(v) for v in labels]
    return out


def jsonl_cases():
    for name, text in JSONL.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(text.encode("utf-8"))
    return [
        dict(file="labels.jsonl", **read_jsonl(os.path.join(HERE, "labels.jsonl"))),
        dict(file="ints.jsonl", **read_jsonl(os.path.join(HERE, "ints.jsonl"))),
        dict(file="nolabel.jsonl", text_field="body", **read_jsonl(os.path.join(HERE, "nolabel.jsonl"), text="body")),
        dict(file="labels.jsonl", no_labels=True, **read_jsonl(os.path.join(HERE, "labels.jsonl"), no_labels=True)),
    ]


def summary(X, vocab, b=None):
    out = dict(shape=list(X.shape), nnz=int(X.nnz), sum=float(X.sum()))
    if vocab is not None:
        s = max(1, len(vocab) // 25)
        out["vocab_sample"] = list(vocab[::s])
    if b is not None:
        out.update(
            n_docs=len(b.data),
            target_names=list(b.target_names),
            target_head=[int(t) for t in b.target[:20]],
            filenames_head=["/".join(f.split(os.sep)[-2:]) for f in b.filenames[:10]],
            data_sha256_head=[hashlib.sha256(d.encode("utf-8")).hexdigest() for d in b.data[:5]],
        )
    return out


def cli_cases():
    b = load_files(TREE, encoding="utf-8", decode_error="replace")
    cv = CountVectorizer(stop_words="english")
    X = cv.fit_transform(b.data)
    hv = HashingVectorizer(n_features=64, stop_words="english")
    H = hv.transform(b.data)
    docs = read_jsonl(os.path.join(HERE, "labels.jsonl"))["data"]
    cj = CountVectorizer(stop_words="english")
    J = cj.fit_transform(docs)
    return dict(
        files_count=summary(X, cv.get_feature_names_out().tolist(), b),
        files_hashing64=dict(summary(H, None), sum_squares=float(H.multiply(H).sum())),
        jsonl_count=summary(J, cj.get_feature_names_out().tolist()),
    )


def main():
    write_tree()
    res = dict(sklearn=sklearn.__version__, numpy=np.__version__,
               folder_cases=folder_cases(), extra_cases=extra_cases(),
               decode=decode_cases(), jsonl_cases=jsonl_cases(), cli=cli_cases())
    json.dump(res, sys.stdout, indent=0, ensure_ascii=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
