#!/usr/bin/python3
"""Writes sklearn_minibatch_corpus.json: scikit-learn 1.2 MiniBatchNMF on the lesson's matrices.

Usage (from this folder): /usr/bin/python3 gen_minibatch_corpus_fixture.py ARCHIVE [SKLEARN_HOME]

Posts come from scikit-learn's fetch_20newsgroups (train subset, the lesson's
four categories, headers, footers and quotes removed), built from the local
ARCHIVE, as in gen_corpus_fixture.py; vectorisers use stop_words='english'.
Only summaries are stored: reconstruction_err_, n_iter_, n_steps_, the 8 top
words per topic, the sums of W and H and a few entries of H (the largest of
each topic). time_s is the median of 3 fits (for the benchmark's ratio).
"""
import json
import os
import shutil
import statistics
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.datasets import _twenty_newsgroups as tn
from sklearn.decomposition import MiniBatchNMF
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

warnings.simplefilter("ignore")
LESSON = ["alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"]
CASES = [
    # vectorizer, k, params
    ("tfidf", 5, dict(random_state=1)),
    ("tfidf", 5, dict(init="random", random_state=1, batch_size=256)),
    ("tfidf", 5, dict(random_state=1, batch_size=500, fresh_restarts=True)),
    ("tfidf", 8, dict(random_state=3, alpha_W=1e-5, l1_ratio=0.5, batch_size=300)),
    ("count", 5, dict(beta_loss="kullback-leibler", random_state=1, batch_size=512)),
    ("count", 4, dict(random_state=0, batch_size=1000)),
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
    b = tn.fetch_20newsgroups(data_home=home, subset="train", categories=LESSON, remove=("headers", "footers", "quotes"))
    mats = {}
    out = []
    for vec, k, params in CASES:
        if vec not in mats:
            v = CountVectorizer(stop_words="english") if vec == "count" else TfidfVectorizer(stop_words="english")
            x = v.fit_transform(b.data)
            mats[vec] = (x, v.get_feature_names_out())
        x, vocab = mats[vec]
        times = []
        for _ in range(3):
            est = MiniBatchNMF(n_components=k, **params)
            t0 = time.perf_counter()
            w = est.fit_transform(x)
            times.append(time.perf_counter() - t0)
        h = est.components_
        top = [int(np.argmax(t)) for t in h]
        out.append(dict(vectorizer=vec, k=k, params=params, shape=list(x.shape), nnz=int(x.nnz),
                        n_iter=int(est.n_iter_), n_steps=int(est.n_steps_),
                        reconstruction_err=float(est.reconstruction_err_), topics=top_words(h, vocab),
                        w_sum=float(w.sum()), h_sum=float(h.sum()),
                        h_top=[[j, float(h[t, j])] for t, j in enumerate(top)],
                        time_s=statistics.median(times)))
        print(vec, k, params, est.n_iter_, est.n_steps_, est.reconstruction_err_, [round(t, 3) for t in times], flush=True)
    with open("sklearn_minibatch_corpus.json", "w") as f:
        json.dump(dict(sklearn=sklearn.__version__, cases=out), f, indent=1)


if __name__ == "__main__":
    main()
