#!/usr/bin/python3
"""Writes hashing_fixtures.json: scikit-learn 1.2.1's murmurhash3_32 and
HashingVectorizer output for hashing_test.go.

    /usr/bin/python3 gen_hashing.py /work/shared/datasets/20news-bydate.tar.gz > hashing_fixtures.json

Recorded:
  murmur   murmurhash3_32(key, seed) (signed) for str tokens with seed 0 and
           random byte keys of lengths 0..12 with several seeds;
  cases    full CSR arrays (indptr, indices, data) of HashingVectorizer on
           the tricky documents of sklearn_fixtures.json plus documents
           built for collisions, cancelling signs and the h = -2**31 corner,
           under n_features 1, 8, 16, 1024 and the default 2**20, every norm,
           binary, alternate_sign, stop words and lowercase settings;
  corpus   on the first 300 posts of the lesson's training selection (4
           categories, headers/footers/quotes removed): shape, nnz, sum,
           sum of squares, and per row its nnz and the first 16 hex digits
           of the SHA-256 of its indices (int32 little-endian) followed by
           its data (float64 little-endian), so a single bit differs.
The corpus part needs the archive (argument 1); fetch_20newsgroups' download
is replaced by a copy of it, as in gen_corpus.py.
"""
import hashlib, json, os, random, shutil, sys, tempfile

import numpy as np
import sklearn
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32

HERE = os.path.dirname(os.path.abspath(__file__))
TRICKY = json.load(open(os.path.join(HERE, "sklearn_fixtures.json")))["docs"]["tricky"]

# Tokens whose hash is -2**31 (found by inverting MurmurHash3 for 8-byte keys).
CORNER = ["aivlts3m", "akqlrggi", "alcv86qg"]

DOCS = TRICKY + [
    "aivlts3m akqlrggi alcv86qg AIVLTS3M aivlts3m",
    "aa bb cc dd ee ff gg hh aa",          # n_features 1..3 collide and cancel
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen",
    "repeat repeat repeat repeat other other",
    "\u00e9t\u00e9 \u00c9T\u00c9 \u6570\u636e \U0001F600x \u0130stanbul stra\u00dfe",
    "the and of",                          # only stop words
    "",
]

PARAMS = [
    {},
    {"n_features": 8},
    {"n_features": 16},
    {"n_features": 16, "alternate_sign": False},
    {"n_features": 1, "norm": None},
    {"n_features": 3, "norm": None},
    {"n_features": 8, "norm": None},
    {"n_features": 8, "norm": "l1"},
    {"n_features": 8, "binary": True},
    {"n_features": 8, "binary": True, "norm": None},
    {"n_features": 16, "binary": True, "alternate_sign": False, "norm": "l1"},
    {"n_features": 1024, "stop_words": "english"},
    {"n_features": 1024, "lowercase": False, "norm": None},
    {"norm": None},
    {"norm": "l1", "stop_words": "english"},
    {"n_features": 2**31 - 1, "norm": None},
    {"n_features": 2**31 - 2, "norm": None},
    {"n_features": 2**30, "norm": None},
]


def csr(X):
    return dict(shape=list(X.shape), indptr=X.indptr.tolist(), indices=X.indices.tolist(), data=X.data.tolist())


def murmur():
    out = []
    for t in CORNER + ["", "a", "ab", "abc", "abcd", "abcde", "hello", "space", "\u00e9t\u00e9", "\u6570\u636e",
                       "\U0001F600", "stra\u00dfe", "x" * 37]:
        out.append(dict(key=t.encode("utf-8").hex(), seed=0, hash=int(murmurhash3_32(t, seed=0))))
    rng = random.Random(14)
    for seed in [0, 1, 42, 0x9747b28c, 2**31 - 1]:
        for n in range(13):
            k = bytes(rng.randrange(256) for _ in range(n))
            out.append(dict(key=k.hex(), seed=seed, hash=int(murmurhash3_32(k, seed=seed))))
    return out


def cases():
    out = []
    for p in PARAMS:
        X = HashingVectorizer(**p).transform(DOCS)
        out.append(dict(params=p, matrix=csr(X)))
    return out


def corpus(archive):
    from sklearn.datasets import _twenty_newsgroups as tn
    home = tempfile.mkdtemp(prefix="sklearn-20news-")
    try:
        def fetch_local(remote, dirname=None):
            dst = os.path.join(dirname, remote.filename)
            shutil.copyfile(archive, dst)
            return dst
        tn._fetch_remote = fetch_local
        docs = tn.fetch_20newsgroups(data_home=home, subset="train",
                                     categories=["alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"],
                                     remove=("headers", "footers", "quotes")).data[:300]
    finally:
        shutil.rmtree(home)
    out = []
    for p in [{}, {"n_features": 1024, "stop_words": "english", "norm": None}, {"n_features": 4096, "norm": "l1", "binary": True}]:
        X = HashingVectorizer(**p).transform(docs)
        rows = []
        for i in range(X.shape[0]):
            lo, hi = X.indptr[i], X.indptr[i + 1]
            h = hashlib.sha256(X.indices[lo:hi].astype("<i4").tobytes() + X.data[lo:hi].astype("<f8").tobytes())
            rows.append([int(hi - lo), h.hexdigest()[:16]])
        out.append(dict(params=p, n_docs=len(docs), shape=list(X.shape), nnz=int(X.nnz), sum=float(X.sum()),
                        sum_squares=float(X.multiply(X).sum()), explicit_zeros=int((X.data == 0).sum()), rows=rows))
    return out


def main():
    res = dict(sklearn=sklearn.__version__, numpy=np.__version__, docs=DOCS, murmur=murmur(), cases=cases())
    if len(sys.argv) > 1:
        res["corpus"] = corpus(sys.argv[1])
    json.dump(res, sys.stdout, separators=(",", ":"), ensure_ascii=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
