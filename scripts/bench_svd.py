#!/usr/bin/python3
"""Time SciPy's full SVD and scikit-learn's randomized_svd on 20 Newsgroups.

Usage: bench_svd.py ARCHIVE SKLEARN_HOME REPEATS REPEATS_FULL CASES

The cases are those of scripts/benchsvd (full-lesson-count: linalg.svd of the
dense count matrix with full_matrices=False, as in the lesson;
rsvd-lesson-count: randomized_svd(X, 5) on the sparse matrix;
rsvd-lesson-count-dense: the same on X.toarray(); rsvd-all-tfidf:
randomized_svd(X, 20) on all 20 categories' tf-idf). random_state=0 (the
lesson's default). Posts come from scikit-learn's fetch_20newsgroups cache in
SKLEARN_HOME, built from ARCHIVE on first use; loading, vectorising and
densifying are not timed. One line per case: case best_s s0 s1 s2 s3 s4
"""
import os
import shutil
import sys
import time
import warnings

from scipy import linalg
from sklearn.datasets import _twenty_newsgroups as tn
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.utils.extmath import randomized_svd

warnings.simplefilter("ignore")
LESSON = ["alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"]


def main():
    archive, home, repeats, repeats_full, cases = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]

    def fetch_local(remote, dirname=None):
        dst = os.path.join(dirname, remote.filename)
        shutil.copyfile(archive, dst)
        return dst

    tn._fetch_remote = fetch_local  # no network here: the archive is local
    os.makedirs(home, exist_ok=True)
    mats = {}

    def get(sel, vec):
        key = sel + "-" + vec
        if key not in mats:
            b = tn.fetch_20newsgroups(data_home=home, subset="train", categories=LESSON if sel == "lesson" else None,
                                      remove=("headers", "footers", "quotes"))
            v = CountVectorizer(stop_words="english") if vec == "count" else TfidfVectorizer(stop_words="english")
            mats[key] = v.fit_transform(b.data)
        return mats[key]

    for case in cases.split(","):
        reps = repeats
        if case == "full-lesson-count":
            x, reps = get("lesson", "count").toarray(), repeats_full
            run = lambda: linalg.svd(x, full_matrices=False)[1]
        elif case == "rsvd-lesson-count":
            x = get("lesson", "count")
            run = lambda: randomized_svd(x, 5, random_state=0)[1]
        elif case == "rsvd-lesson-count-dense":
            x = get("lesson", "count").toarray()
            run = lambda: randomized_svd(x, 5, random_state=0)[1]
        elif case == "rsvd-all-tfidf":
            x = get("all", "tfidf")
            run = lambda: randomized_svd(x, 20, random_state=0)[1]
        else:
            raise SystemExit("unknown case " + case)
        best = None
        for _ in range(reps):
            t0 = time.perf_counter()
            s = run()
            d = time.perf_counter() - t0
            best = d if best is None or d < best else best
        print(case, f"{best:.6f}", " ".join(f"{v:.15g}" for v in s[:5]), flush=True)


if __name__ == "__main__":
    main()
