#!/usr/bin/python3
"""Times scikit-learn's MiniBatchNMF on the lesson's tf-idf matrix for bench_minibatch.sh.

Usage: bench_minibatch.py ARCHIVE SKLEARN_HOME REPEATS
Prints one line per case: name best_seconds n_iter n_steps reconstruction_err
(the same two fits as lib/nmf's BenchmarkMiniBatchNMFLesson).
"""
import os
import shutil
import sys
import time
import warnings

from sklearn.datasets import _twenty_newsgroups as tn
from sklearn.decomposition import MiniBatchNMF
from sklearn.feature_extraction.text import TfidfVectorizer

warnings.simplefilter("ignore")
archive, home, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])


def fetch_local(remote, dirname=None):
    dst = os.path.join(dirname, remote.filename)
    shutil.copyfile(archive, dst)
    return dst


tn._fetch_remote = fetch_local
os.makedirs(home, exist_ok=True)
b = tn.fetch_20newsgroups(data_home=home, subset="train",
                          categories=["alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"],
                          remove=("headers", "footers", "quotes"))
x = TfidfVectorizer(stop_words="english").fit_transform(b.data)
CASES = [("random_state=1", dict(random_state=1)),
         ("batch_size=256/init=random/random_state=1", dict(init="random", random_state=1, batch_size=256))]
for name, params in CASES:
    best = float("inf")
    for _ in range(repeats):
        est = MiniBatchNMF(n_components=5, **params)
        t0 = time.perf_counter()
        est.fit_transform(x)
        best = min(best, time.perf_counter() - t0)
    print(name, best, est.n_iter_, est.n_steps_, est.reconstruction_err_, flush=True)
