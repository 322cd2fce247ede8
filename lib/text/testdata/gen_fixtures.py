#!/usr/bin/python3
"""Writes sklearn_fixtures.json: scikit-learn's CountVectorizer and
TfidfVectorizer output on a few dozen tricky documents under every option
lib/text supports, plus numpy argsort orders with ties (MaxFeatures).

Run with Debian's scikit-learn 1.2 (apt-get install python3-sklearn):
    /usr/bin/python3 gen_fixtures.py > sklearn_fixtures.json
"""
import json, random, sys

import numpy as np
import sklearn
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

TRICKY = [
    "Hello World! Hello again, world.",
    "The quick brown fox jumps over the lazy dog; THE DOG sleeps.",
    "caf\u00e9 CAF\u00c9 Caf\u00e9 cafe\u0301 cafe",
    "na\u00efve r\u00e9sum\u00e9 fa\u00e7ade \u00fcber stra\u00dfe STRASSE \u1e9eTRASSE",
    "\u0130stanbul \u0130ZM\u0130R \u0131i \u0130\u0130 k\u0130lim",
    "\u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3 \u03a3\u03af\u03c3\u03c5\u03c6\u03bf\u03c2 \u03a3\u0391\u03a3 \u03a3. "
    "\u0391\u03a3' \u0391\u03a3\u0301\u0392 \u0391\u03a3.\u0392 \u0391\u03a3:x \u0391\u03a31",
    "x y z a1 b2 _ __ ___ a_b 9 99 999 _x x_",
    "don't can't won't it's o'clock rock'n'roll \u2018quoted\u2019 \u201cdouble\u201d",
    "email foo.bar@example.com or visit http://www.example.org/path?x=1&y=two#frag",
    "\u6570\u636e \u5206\u6790 \u4e2d\u6587\u6587\u672c \u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8 \ud55c\uad6d\uc5b4 \ud14d\uc2a4\ud2b8",
    "\u0663\u0664\u0665 \u0661\u0662 \u0967\u0968\u0969 \uff21\uff22\uff23\uff11\uff12\uff13 x\u00b2 10\u00b3 \u00bd \u216b\u217b \u2460\u2461",
    "tab\tseparated\nnew line\r\nwindows\x0bvertical\x0cfeed\x1fsep",
    "",
    "a b c",
    "the and of to in is",
    "\xa0nbsp\xa0 \u00b5micro \u00ff\u00ff \u00aa\u00ba \u00b9\u00b2\u00b3 \u00bc\u00be \u00d7\u00f7 \u00de\u00fe \u00d0\u00f0",
    "\U0001F600 smile \U0001F44D\U0001F3FD thumbs \U0001D400\U0001D401 \U00010400\U00010428",
    "snake_case camelCase kebab-case PascalCase SCREAMING_CASE __init__",
    "zero\u200bwidth joiner\u200dtest soft\u00adhyphen nb\u2060sp",
    "\u0132ssel \u01c5emal \u01c4EMAL \u212aelvin \u2126hm \u13e3\u13b3\u13a9 \u0410\u0411\u0412 \u0561\u0562",
    "spam spam spam eggs spam SPAM Spam bacon",
    "3.14159 1,000,000 2024-01-01 v1.2.3 0x1F 1e10 \u221210",
    "> quoted line\n>> deeper quote\nIn article <1993Apr5.123@host.edu> someone writes:",
    "\u05e2\u05d1\u05e8\u05d9\u05ea \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \u0939\u093f\u0928\u094d\u0926\u0940 \u0e44\u0e17\u0e22",
    "A\u0308ngstr\u00f6m \u00c5ngstr\u00f6m \u212bngstr\u00f6m",
    "\u1f08\u1f00 \u1f88 \u1fbc \u03d2 \u03f4 \u2c00\u2c30 \ua640\ua641",
    "graphics image jpeg gif image image data space nasa launch",
    "god jesus atheism religion god god believe argument",
    "space launch nasa orbit moon moon lunar probe data",
    "image data software graphics file file format jpeg",
]

TRANSFORM_EXTRA = [
    "Unseen words mixed with hello and world and jpeg",
    "",
    "SPAM eggs \u0130stanbul caf\u00e9 moon moon moon",
    "only unknown vocabulary zzzz qqqq",
]

def synthetic(seed, n_docs, n_words):
    rng = random.Random(seed)
    words = ["w%03d" % i for i in range(n_words)]
    docs = []
    for _ in range(n_docs):
        k = rng.randint(0, 30)
        docs.append(" ".join(rng.choice(words[: rng.randint(1, n_words)]) for _ in range(k)))
    return docs

DOCS = {
    "tricky": TRICKY,
    "transform": TRANSFORM_EXTRA,
    "ties": synthetic(7, 80, 300),
    "stopsonly": ["the and", "of a", "I me my"],
}

def df_param(x):
    if x is None:
        return None
    if isinstance(x, int):
        return {"docs": x}
    return {"fraction": x}

CASES = [
    ("count-default", "tricky", "count", {}),
    ("count-english", "tricky", "count", {"stop_words": "english"}),
    ("count-keepcase", "tricky", "count", {"lowercase": False}),
    ("count-binary", "tricky", "count", {"binary": True}),
    ("count-mindf2-maxdf0.5", "tricky", "count", {"min_df": 2, "max_df": 0.5}),
    ("count-mindf0.05-maxdf3", "tricky", "count", {"min_df": 0.05, "max_df": 3}),
    ("count-maxdf1int", "tricky", "count", {"max_df": 1}),
    ("count-maxdf1.0-mindf1.0", "tricky", "count", {"min_df": 1.0, "max_df": 1.0, "stop_words": ["zzz"]}),
    ("count-maxfeatures10", "tricky", "count", {"max_features": 10}),
    ("count-maxfeatures40-english", "tricky", "count", {"max_features": 40, "stop_words": "english"}),
    ("count-custom-stop", "tricky", "count", {"stop_words": ["hello", "spam", "caf\u00e9", "the", "\u03c3\u03b1\u03c2"]}),
    ("count-ties-maxfeatures", "ties", "count", {"max_features": 57}),
    ("count-ties-maxfeatures-binary", "ties", "count", {"max_features": 101, "binary": True}),
    ("count-ties-maxfeatures-mindf", "ties", "count", {"max_features": 33, "min_df": 3, "max_df": 0.9}),
    ("tfidf-default", "tricky", "tfidf", {}),
    ("tfidf-english", "tricky", "tfidf", {"stop_words": "english"}),
    ("tfidf-l1-sublinear-nosmooth", "tricky", "tfidf", {"norm": "l1", "sublinear_tf": True, "smooth_idf": False}),
    ("tfidf-noidf-nonorm", "tricky", "tfidf", {"use_idf": False, "norm": None}),
    ("tfidf-binary-maxdf", "tricky", "tfidf", {"binary": True, "max_df": 0.2, "stop_words": "english"}),
    ("tfidf-nonorm-sublinear", "ties", "tfidf", {"norm": None, "sublinear_tf": True, "max_features": 50}),
    ("count-stopsonly", "stopsonly", "count", {"stop_words": "english"}),
    ("count-prune-all", "tricky", "count", {"min_df": 25}),
    ("count-max-below-min", "tricky", "count", {"min_df": 5, "max_df": 0.1}),
]

TRANSFORM_CASES = [
    ("count-transform", "count", {"stop_words": "english"}),
    ("count-transform-binary-keepcase", "count", {"binary": True, "lowercase": False}),
    ("tfidf-transform", "tfidf", {"stop_words": "english"}),
    ("tfidf-transform-l1-sublinear", "tfidf", {"norm": "l1", "sublinear_tf": True, "min_df": 2}),
]

def make(kind, params):
    cls = CountVectorizer if kind == "count" else TfidfVectorizer
    return cls(**params)

def encode_params(params):
    out = dict(params)
    for k in ("min_df", "max_df"):
        if k in out:
            out[k] = df_param(out[k])
    if "norm" in out and out["norm"] is None:
        out["norm"] = "none"
    return out

def matrix(X, v, kind):
    X = X.tocsr()
    X.sort_indices()
    out = {
        "shape": list(X.shape),
        "indptr": X.indptr.tolist(),
        "indices": X.indices.tolist(),
        "data": X.data.astype(float).tolist(),
    }
    return out

def fitted(v, kind):
    out = {
        "vocabulary": v.get_feature_names_out().tolist(),
        "pruned": sorted(v.stop_words_),
    }
    if kind == "tfidf" and v.use_idf:
        out["idf"] = v.idf_.tolist()
    return out

cases = []
for name, docs, kind, params in CASES:
    c = {"name": name, "docs": docs, "vectorizer": kind, "params": encode_params(params)}
    v = make(kind, params)
    try:
        X = v.fit_transform(DOCS[docs])
        c.update(fitted(v, kind))
        c["matrix"] = matrix(X, v, kind)
    except ValueError as e:
        c["error"] = str(e)
    cases.append(c)

for name, kind, params in TRANSFORM_CASES:
    c = {"name": name, "docs": "tricky", "transform_docs": "transform", "vectorizer": kind,
         "params": encode_params(params)}
    v = make(kind, params)
    v.fit(DOCS["tricky"])
    c.update(fitted(v, kind))
    c["matrix"] = matrix(v.transform(DOCS["transform"]), v, kind)
    cases.append(c)

# numpy argsort orders with many ties, as MaxFeatures uses them.
rng = np.random.RandomState(3)
argsorts = []
for n, hi in [(1, 1), (2, 1), (5, 2), (16, 3), (17, 3), (18, 2), (40, 4), (100, 5), (257, 7), (1000, 10), (1500, 3), (2500, 1000)]:
    keys = -rng.randint(0, hi + 1, size=n).astype(np.int64)
    argsorts.append({"kind": "quicksort", "keys": keys.tolist(), "order": np.argsort(keys).tolist()})
    argsorts.append({"kind": "heapsort", "keys": keys.tolist(), "order": np.argsort(keys, kind="heapsort").tolist()})
keys = np.zeros(300, dtype=np.int64)
argsorts.append({"kind": "quicksort", "keys": keys.tolist(), "order": np.argsort(keys).tolist()})
keys = np.arange(500, dtype=np.int64)[::-1] % 13
argsorts.append({"kind": "quicksort", "keys": keys.tolist(), "order": np.argsort(keys).tolist()})

json.dump({
    "sklearn": sklearn.__version__,
    "numpy": np.__version__,
    "docs": DOCS,
    "cases": cases,
    "argsort": argsorts,
}, sys.stdout, separators=(",", ":"))
sys.stdout.write("\n")
