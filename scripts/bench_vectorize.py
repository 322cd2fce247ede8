#!/usr/bin/python3
"""scikit-learn side of scripts/bench_vectorize.sh: times CountVectorizer and
TfidfVectorizer (stop_words="english", as in the lesson) on 20 Newsgroups
posts and prints one JSON object per case, like scripts/benchvec.

    bench_vectorize.py ARCHIVE DATA_HOME REPEAT CASES

scikit-learn's fetch_20newsgroups can only download the archive; its
download step is replaced by a copy of the local ARCHIVE, and it builds its
own cache in DATA_HOME (kept between runs).
"""
import json, os, shutil, sys, time

from sklearn.datasets import _twenty_newsgroups as tn
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

LESSON = ["alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"]
REMOVE = ("headers", "footers", "quotes")


def main():
    archive, home, repeat, cases = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split(",")

    def fetch_local(remote, dirname=None):
        dst = os.path.join(dirname, remote.filename)
        shutil.copyfile(archive, dst)
        return dst

    tn._fetch_remote = fetch_local
    os.makedirs(home, exist_ok=True)
    data = {}
    for name in cases:
        which = name.split("-")[0]
        if which not in data:
            if which == "lesson":
                b = tn.fetch_20newsgroups(data_home=home, subset="train", categories=LESSON, remove=REMOVE)
            else:
                b = tn.fetch_20newsgroups(data_home=home, subset="all", remove=REMOVE)
            data[which] = b.data
        docs = data[which]
        cls = TfidfVectorizer if name.endswith("-tfidf") else CountVectorizer
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            X = cls(stop_words="english").fit_transform(docs)
            times.append(time.perf_counter() - t0)
        times.sort()
        print(json.dumps(dict(case=name, n_docs=len(docs), shape=list(X.shape), nnz=int(X.nnz),
                              sum=float(X.sum()), best_s=times[0], median_s=times[len(times) // 2])),
              flush=True)


if __name__ == "__main__":
    main()
