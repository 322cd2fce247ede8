#!/usr/bin/python3
"""Time scikit-learn's NMF and the lesson's numpy SGD NMF on 20 Newsgroups.

Usage: bench_nmf.py ARCHIVE SKLEARN_HOME REPEATS SGD_STEPS CASES

CASES is a comma-separated list of SELECTION-VECTORIZER:K (lesson-count:5,
lesson-tfidf:5, all-tfidf:20). Posts come from scikit-learn's own
fetch_20newsgroups cache in SKLEARN_HOME (built from ARCHIVE on first use);
vectorising is not timed. For each case it fits NMF(n_components=K,
random_state=1) REPEATS times and prints one line:
    case k best_s median_s n_iter reconstruction_err rsvd_best_s
With SGD_STEPS > 0 it then times that many steps of the lesson's numpy SGD
(upd: forms the dense residual W@H - M every step) on the lesson tf-idf:
    sgd-numpy steps seconds
"""
import os
import shutil
import statistics
import sys
import time
import warnings

import numpy as np
from sklearn.datasets import _twenty_newsgroups as tn
from sklearn.decomposition import NMF
from sklearn.utils.extmath import randomized_svd
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

warnings.simplefilter("ignore")
LESSON = ["alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"]


def main():
    archive, home, repeats, sgd_steps, cases = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]

    def fetch_local(remote, dirname=None):
        dst = os.path.join(dirname, remote.filename)
        shutil.copyfile(archive, dst)
        return dst

    tn._fetch_remote = fetch_local
    os.makedirs(home, exist_ok=True)
    mats = {}

    def get(name):
        if name not in mats:
            sel, vec = name.split("-")
            b = tn.fetch_20newsgroups(data_home=home, subset="train", categories=LESSON if sel == "lesson" else None,
                                      remove=("headers", "footers", "quotes"))
            v = CountVectorizer(stop_words="english") if vec == "count" else TfidfVectorizer(stop_words="english")
            mats[name] = v.fit_transform(b.data)
        return mats[name]

    for case in cases.split(","):
        name, k = case.split(":")
        k = int(k)
        x = get(name)
        times = []
        for _ in range(repeats):
            est = NMF(n_components=k, random_state=1)
            t0 = time.perf_counter()
            est.fit_transform(x)
            times.append(time.perf_counter() - t0)
        itimes = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            randomized_svd(x, k, random_state=1)  # what the nndsvda init costs
            itimes.append(time.perf_counter() - t0)
        print(name, k, min(times), statistics.median(times), est.n_iter_, repr(est.reconstruction_err_), min(itimes), flush=True)

    if sgd_steps > 0:
        M = get("lesson-tfidf")
        m, n = M.shape
        d, lam, lr, mu = 5, 1e3, 1e-2, 1e-6

        def penalty(A, mu):
            return np.where(A >= mu, 0, np.minimum(A - mu, 0))

        def grads(M, W, H):
            R = W @ H - M
            return R @ H.T + penalty(W, mu) * lam, W.T @ R + penalty(H, mu) * lam

        def upd(M, W, H, lr):
            dW, dH = grads(M, W, H)
            W -= lr * dW
            H -= lr * dH

        rs = np.random.RandomState(0)
        W = np.abs(rs.normal(scale=0.01, size=(m, d)))
        H = np.abs(rs.normal(scale=0.01, size=(d, n)))
        t0 = time.perf_counter()
        for _ in range(sgd_steps):
            upd(M, W, H, lr)
        print("sgd-numpy", sgd_steps, time.perf_counter() - t0, flush=True)


if __name__ == "__main__":
    main()
