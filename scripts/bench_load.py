#!/usr/bin/python3
"""Time scikit-learn's fetch_20newsgroups from its own warm cache.

Usage: bench_load.py ARCHIVE SKLEARN_HOME [REPEATS]

If SKLEARN_HOME holds no scikit-learn cache yet, scikit-learn builds one
from ARCHIVE (its download step is replaced by a copy of the local file;
everything else is scikit-learn's code). Then each case is loaded once to
warm up and REPEATS more times; the minimum and median wall times are
printed as "case min_s median_s n_docs".
"""
import os
import shutil
import statistics
import sys
import time

from sklearn.datasets import _twenty_newsgroups as tn

LESSON = ["alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"]
ALL3 = ("headers", "footers", "quotes")
CASES = {
    "lesson": dict(subset="train", categories=LESSON, remove=ALL3),
    "all20": dict(subset="train", categories=None, remove=ALL3),
    "allraw": dict(subset="all", categories=None, remove=()),
}


def main():
    archive, home = sys.argv[1], sys.argv[2]
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5

    def fetch_local(remote, dirname=None):
        dst = os.path.join(dirname, remote.filename)
        shutil.copyfile(archive, dst)
        return dst

    tn._fetch_remote = fetch_local
    os.makedirs(home, exist_ok=True)
    for name, kw in CASES.items():
        b = tn.fetch_20newsgroups(data_home=home, **kw)  # warm-up (builds the cache once)
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            tn.fetch_20newsgroups(data_home=home, **kw)
            times.append(time.perf_counter() - t0)
        print(name, min(times), statistics.median(times), len(b.data))


if __name__ == "__main__":
    main()
