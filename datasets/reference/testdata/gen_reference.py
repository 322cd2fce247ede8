#!/usr/bin/python3
"""Write lesson3-sklearn.json: scikit-learn's figures for the lesson's cases.

Needs Debian's python3-sklearn (scikit-learn 1.2.1), python3-scipy (SciPy
1.10) and python3-numpy (NumPy 1.24); no network. From the repository root:

    /usr/bin/python3 datasets/reference/testdata/gen_reference.py \\
        ARCHIVE datasets/reference/testdata/lesson3-sklearn.json

ARCHIVE is 20news-bydate.tar.gz (e.g. ../shared/datasets/20news-bydate.tar.gz).
scikit-learn's fetch_20newsgroups only knows how to download it; the script
replaces that one step (_fetch_remote) with a copy of ARCHIVE, so
extraction, load_files, stripping, filtering and the shuffle are
scikit-learn's own code.

With --compare OLD it also compares the new figures with the file OLD
(e.g. ../shared/reference/lesson3-sklearn.json) and exits 1 if any differ:
counts, names and words exactly, floating-point figures to a relative
1e-9 (singular values, sums, reconstruction errors), timings (*_s) not at
all (they are the machine's).

Each case records what the lesson does with it:
  load      fetch_20newsgroups(subset, categories, remove): n_docs,
            target_names, the first 20 targets, the first 10 file names as
            category/number, the SHA-256 of the first 5 posts (UTF-8), the
            number of posts that are empty after str.strip()
  vectorize CountVectorizer or TfidfVectorizer(stop_words='english'):
            shape, nnz, sum, the vocabulary at indices 0, s, 2s, ... with
            s = max(1, len // 25)
  full_svd  scipy.linalg.svd(dense, full_matrices=False): s[:20], sum(s),
            show_topics(Vh[:10])
  rsvd      sklearn.utils.extmath.randomized_svd(vectors, k, random_state=0)
            (the lesson's call; 0 is its default seed): s, show_topics(Vh)
  nmf       NMF(n_components=k, random_state=seed) (nndsvda init, cd
            solver): n_iter_, reconstruction_err_, show_topics(H)
show_topics is the lesson's: the 8 words of largest weight per row, from
np.argsort.

lesson3-sklearn.json here is the project's shared file, checked in as it
was. Rerunning this script on Debian bookworm (OPENBLAS_NUM_THREADS=1) gives
the same counts, names, words and topics, and floating-point figures within
a relative 1.3e-15 of it (43 of 48 differ in the last bits: OpenBLAS's
summation order depends on its threads); --compare reports 0 differences.
"""
import hashlib
import json
import math
import os
import shutil
import sys
import tempfile
import time
import warnings

import numpy as np
import scipy.linalg
from sklearn.datasets import _twenty_newsgroups as tn
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.utils.extmath import randomized_svd

warnings.simplefilter("ignore")

LESSON = ["alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"]
ALL3 = ["headers", "footers", "quotes"]
CASES = [
    dict(name="lesson-count", subset="train", categories=LESSON, remove=ALL3,
         vectorizer="count", full_svd=True, rsvd=[5, 10], nmf=[[5, 1], [6, 1]]),
    dict(name="lesson-tfidf", subset="train", categories=LESSON, remove=ALL3,
         vectorizer="tfidf", nmf=[[5, 1], [6, 1]], rsvd=[5]),
    dict(name="lesson-test-count", subset="test", categories=LESSON, remove=ALL3,
         vectorizer="count"),
]


def show_topics(a, vocab, n=8):
    return [" ".join(vocab[i] for i in np.argsort(t)[: -n - 1 : -1]) for t in a]


def short(path):
    return "/".join(path.replace(os.sep, "/").split("/")[-2:])


def run_case(home, c):
    out = dict(case=c)
    t = time.perf_counter()
    b = tn.fetch_20newsgroups(data_home=home, subset=c["subset"], categories=c["categories"],
                              remove=tuple(c["remove"]), download_if_missing=False)
    out["load_s"] = time.perf_counter() - t
    out.update(
        n_docs=len(b.data),
        target_names=list(b.target_names),
        target_head=[int(x) for x in b.target[:20]],
        filenames_head=[short(f) for f in b.filenames[:10]],
        empty_docs=sum(1 for d in b.data if not d.strip()),
        data_sha256_head=[hashlib.sha256(d.encode("utf-8")).hexdigest() for d in b.data[:5]],
    )
    vec = (CountVectorizer if c["vectorizer"] == "count" else TfidfVectorizer)(stop_words="english")
    t = time.perf_counter()
    vectors = vec.fit_transform(b.data)
    out["vectorize_s"] = time.perf_counter() - t
    vocab = np.array(vec.get_feature_names_out())
    step = max(1, len(vocab) // 25)
    out.update(shape=list(vectors.shape), nnz=int(vectors.nnz), sum=float(vectors.sum()),
               vocab_sample=[str(w) for w in vocab[::step]])
    if c.get("full_svd"):
        dense = vectors.todense()
        t = time.perf_counter()
        _, s, vh = scipy.linalg.svd(dense, full_matrices=False)
        out["full_svd_s"] = time.perf_counter() - t
        out.update(svd_s_head=[float(x) for x in s[:20]], svd_s_sum=float(s.sum()),
                   svd_topics=show_topics(np.asarray(vh[:10]), vocab))
    if c.get("rsvd"):
        out["rsvd"] = []
        for k in c["rsvd"]:
            t = time.perf_counter()
            _, s, vh = randomized_svd(vectors, k, random_state=0)
            el = time.perf_counter() - t
            out["rsvd"].append(dict(k=k, s=[float(x) for x in s], time_s=el,
                                    topics=show_topics(vh, vocab)))
    if c.get("nmf"):
        out["nmf"] = []
        for k, seed in c["nmf"]:
            m = NMF(n_components=k, random_state=seed)
            t = time.perf_counter()
            m.fit_transform(vectors)
            el = time.perf_counter() - t
            out["nmf"].append(dict(k=k, seed=seed, time_s=el, n_iter=int(m.n_iter_),
                                   reconstruction_err=float(m.reconstruction_err_),
                                   topics=show_topics(m.components_, vocab)))
    return out


def compare(new, old, path="", diffs=None):
    """Lists the differences between two figures (timings ignored)."""
    if diffs is None:
        diffs = []
    if isinstance(old, dict) and isinstance(new, dict):
        for k in sorted(set(old) | set(new)):
            if k.endswith("_s"):
                continue
            if k not in old or k not in new:
                diffs.append("%s.%s: only in %s" % (path, k, "new" if k in new else "old"))
            else:
                compare(new[k], old[k], "%s.%s" % (path, k), diffs)
    elif isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            diffs.append("%s: length %d, was %d" % (path, len(new), len(old)))
        for i, (a, b) in enumerate(zip(new, old)):
            compare(a, b, "%s[%d]" % (path, i), diffs)
    elif isinstance(old, float) or isinstance(new, float):
        if not math.isclose(new, old, rel_tol=1e-9, abs_tol=0):
            diffs.append("%s: %r, was %r (relative %.2g)" % (path, new, old, abs(new - old) / abs(old)))
    elif new != old:
        diffs.append("%s: %r, was %r" % (path, new, old))
    return diffs


def main():
    args = sys.argv[1:]
    old = None
    if "--compare" in args:
        i = args.index("--compare")
        old = args[i + 1]
        del args[i : i + 2]
    if len(args) != 2:
        sys.exit("usage: gen_reference.py ARCHIVE OUT.json [--compare OLD.json]")
    archive, out = args
    home = tempfile.mkdtemp(prefix="sklearn-20news-")
    try:
        def fetch_local(remote, dirname=None):
            dst = os.path.join(dirname, remote.filename)
            shutil.copyfile(archive, dst)
            return dst
        tn._fetch_remote = fetch_local
        tn.fetch_20newsgroups(data_home=home, download_if_missing=True)
        res = [run_case(home, c) for c in CASES]
    finally:
        shutil.rmtree(home)
    with open(out, "w") as f:
        json.dump(res, f, indent=1)
        f.write("\n")
    if old is not None:
        with open(old) as f:
            diffs = compare(res, json.load(f))
        for d in diffs:
            print(d)
        print("%d differences from %s" % (len(diffs), old))
        sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
