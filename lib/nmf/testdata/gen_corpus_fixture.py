#!/usr/bin/python3
"""Writes sklearn_corpus.json: scikit-learn 1.2 NMF on 20 Newsgroups matrices.

Usage (from this folder): /usr/bin/python3 gen_corpus_fixture.py ARCHIVE [SKLEARN_HOME]

Posts come from scikit-learn's fetch_20newsgroups (train subset, headers,
footers and quotes removed), built from the local ARCHIVE; vectorisers use
stop_words='english'. Complements shared/reference/lesson3-sklearn.json
(nndsvda, k 5 and 6, seed 1) with other inits, solvers, seeds, k,
regularisation and category sets. Topics are the 8 words of largest weight
per component, as the lesson's show_topics prints them.
"""
import json
import os
import shutil
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.datasets import _twenty_newsgroups as tn
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

warnings.simplefilter("ignore")
LESSON = ["alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"]
SETS = {
    "lesson": LESSON,
    "sports": ["rec.sport.baseball", "rec.sport.hockey"],
    "tech": ["comp.sys.mac.hardware", "comp.windows.x", "sci.electronics"],
    "all": None,
}
CASES = [
    # selection, vectorizer, k, params
    ("lesson", "tfidf", 5, dict(init="nndsvd", random_state=1)),   # the lesson's printed 43.71292605795277
    ("lesson", "tfidf", 5, dict(init="random", random_state=1)),
    ("lesson", "tfidf", 8, dict(random_state=3)),
    ("lesson", "tfidf", 5, dict(solver="mu", random_state=1)),
    ("lesson", "tfidf", 5, dict(random_state=1, alpha_W=1e-5, l1_ratio=0.5)),
    ("lesson", "count", 5, dict(init="nndsvdar", random_state=2)),
    ("lesson", "count", 4, dict(solver="mu", init="random", random_state=0)),
    ("sports", "tfidf", 4, dict(random_state=1)),
    ("tech", "count", 6, dict(random_state=5)),
    ("all", "tfidf", 20, dict(random_state=1)),
]


def top_words(h, vocab, n=8):
    return [" ".join(vocab[i] for i in np.argsort(t)[: -n - 1 : -1]) for t in h]


def main():
    archive = sys.argv[1]
    home = sys.argv[2] if len(sys.argv) > 2 else "/tmp/topicmodel-bench-sklearn"

    def fetch_local(remote, dirname=None):
        dst = os.path.join(dirname, remote.filename)
        shutil.copyfile(archive, dst)
        return dst

    tn._fetch_remote = fetch_local
    os.makedirs(home, exist_ok=True)
    mats = {}
    out = []
    for sel, vec, k, params in CASES:
        key = (sel, vec)
        if key not in mats:
            b = tn.fetch_20newsgroups(data_home=home, subset="train", categories=SETS[sel], remove=("headers", "footers", "quotes"))
            v = CountVectorizer(stop_words="english") if vec == "count" else TfidfVectorizer(stop_words="english")
            x = v.fit_transform(b.data)
            mats[key] = (x, v.get_feature_names_out())
        x, vocab = mats[key]
        est = NMF(n_components=k, **params)
        t0 = time.perf_counter()
        w = est.fit_transform(x)
        dt = time.perf_counter() - t0
        h = est.components_
        out.append(dict(selection=sel, categories=SETS[sel], vectorizer=vec, k=k, params=params,
                        shape=list(x.shape), nnz=int(x.nnz), n_iter=int(est.n_iter_),
                        reconstruction_err=float(est.reconstruction_err_), topics=top_words(h, vocab),
                        w_sum=float(w.sum()), h_sum=float(h.sum()), time_s=dt))
        print(sel, vec, k, params, est.n_iter_, est.reconstruction_err_, round(dt, 3), flush=True)
    with open("sklearn_corpus.json", "w") as f:
        json.dump(dict(sklearn=sklearn.__version__, cases=out), f, indent=1)


if __name__ == "__main__":
    main()
