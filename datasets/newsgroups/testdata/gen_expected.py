#!/usr/bin/python3
"""Write scikit-learn's fetch_20newsgroups results as JSON fixtures.

Run from anywhere (it needs python3-sklearn, no network):

    /usr/bin/python3 datasets/newsgroups/testdata/gen_expected.py \
        /work/shared/datasets/20news-bydate.tar.gz datasets/newsgroups/testdata/sklearn_cases.json

scikit-learn's fetch_20newsgroups only knows how to download the archive.
This script lets it build its own cache (20news-bydate.pkz) in a temporary
data home from the local archive, by replacing the download step
(_fetch_remote) with a copy; everything after that is scikit-learn's own
code: extraction, load_files, the cache, stripping, filtering, shuffling.

For each case it records n_docs, target_names, the first 20 targets, the
first 10 file names as category/file, the SHA-256 of the first 5 texts
(UTF-8), the number of empty texts, and a digest of every post: the
SHA-256 of, for each post in order,

    category/file "\n" target "\n" len(utf8 text) "\n" utf8 text "\n"
"""
import hashlib
import json
import os
import shutil
import sys
import tempfile

import sklearn
from sklearn.datasets import _twenty_newsgroups as tn

LESSON = ["alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"]
ALL3 = ["headers", "footers", "quotes"]

CASES = [
    dict(name="lesson-train", subset="train", categories=LESSON, remove=ALL3),
    dict(name="lesson-test", subset="test", categories=LESSON, remove=ALL3),
    dict(name="train-all20-remove-all", subset="train", categories=None, remove=ALL3),
    dict(name="all-all20-raw", subset="all", categories=None, remove=[]),
    dict(name="all-all20-headers", subset="all", categories=None, remove=["headers"]),
    dict(name="all-all20-footers", subset="all", categories=None, remove=["footers"]),
    dict(name="all-all20-quotes", subset="all", categories=None, remove=["quotes"]),
    dict(name="all-all20-remove-all", subset="all", categories=None, remove=ALL3),
    dict(name="test-autos-med-quotes", subset="test", categories=["sci.med", "rec.autos"], remove=["quotes"]),
    dict(name="all-lesson-remove-all", subset="all", categories=LESSON, remove=ALL3),
    dict(name="train-noshuffle-windows-forsale-headers", subset="train",
         categories=["misc.forsale", "comp.windows.x"], remove=["headers"], shuffle=False),
    dict(name="test-seed7-footers-quotes", subset="test", categories=None,
         remove=["quotes", "footers"], random_state=7),
    dict(name="all-noshuffle-hockey", subset="all", categories=["rec.sport.hockey"],
         remove=["headers", "quotes"], shuffle=False),
]


def short(path):
    parts = path.replace(os.sep, "/").split("/")
    return "/".join(parts[-2:])


def run_case(home, c):
    b = tn.fetch_20newsgroups(
        data_home=home, subset=c["subset"], categories=c["categories"],
        remove=tuple(c["remove"]), shuffle=c.get("shuffle", True),
        random_state=c.get("random_state", 42), download_if_missing=False)
    names = [short(f) for f in b.filenames]
    h = hashlib.sha256()
    for name, target, text in zip(names, b.target, b.data):
        t = text.encode("utf-8")
        h.update(b"%s\n%d\n%d\n" % (name.encode(), int(target), len(t)))
        h.update(t + b"\n")
    return dict(
        case=c,
        n_docs=len(b.data),
        target_names=list(b.target_names),
        target_head=[int(x) for x in b.target[:20]],
        filenames_head=names[:10],
        data_sha256_head=[hashlib.sha256(d.encode("utf-8")).hexdigest() for d in b.data[:5]],
        empty_docs=sum(1 for d in b.data if not d.strip()),
        digest=h.hexdigest(),
    )


def build_sklearn_cache(archive, home):
    """Let scikit-learn build its cache in home from a local archive."""
    def fetch_local(remote, dirname=None):
        dst = os.path.join(dirname, remote.filename)
        shutil.copyfile(archive, dst)
        return dst
    tn._fetch_remote = fetch_local
    tn.fetch_20newsgroups(data_home=home, download_if_missing=True)


def main():
    archive, out = sys.argv[1], sys.argv[2]
    home = tempfile.mkdtemp(prefix="sklearn-20news-")
    try:
        build_sklearn_cache(archive, home)
        res = dict(sklearn_version=sklearn.__version__,
                   cases=[run_case(home, c) for c in CASES])
    finally:
        shutil.rmtree(home)
    with open(out, "w") as f:
        json.dump(res, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
