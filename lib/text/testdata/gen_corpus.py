#!/usr/bin/python3
"""Writes corpus_expected.json: scikit-learn's vectorizer figures on 20
Newsgroups selections beyond the lesson's reference file, for
corpus_test.go.

    /usr/bin/python3 gen_corpus.py /work/shared/datasets/20news-bydate.tar.gz > corpus_expected.json

scikit-learn's fetch_20newsgroups can only download the archive, so its
download step (_fetch_remote) is replaced by a copy of the local archive;
the rest (extraction, cache, stripping, shuffling) is scikit-learn's own.
For each case it records the number of documents, the matrix shape, nnz,
the sum of all entries, the vocabulary sample (the words at 0, s, 2s, ...
with s = max(1, terms // 25)) and the SHA-256 of the vocabulary joined by
newlines (UTF-8).
"""
import hashlib, json, os, shutil, sys, tempfile

from sklearn.datasets import _twenty_newsgroups as tn
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

LESSON = ["alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"]
ALL3 = ["headers", "footers", "quotes"]

CASES = [
    dict(name="all20-train-removeall-count-english", subset="train", categories=None, remove=ALL3,
         vectorizer="count", params={"stop_words": "english"}),
    dict(name="all20-all-removeall-tfidf-english", subset="all", categories=None, remove=ALL3,
         vectorizer="tfidf", params={"stop_words": "english"}),
    dict(name="all20-all-raw-count", subset="all", categories=None, remove=[],
         vectorizer="count", params={}),
    dict(name="all20-test-quotes-tfidf-l1-sublinear-df", subset="test", categories=None, remove=["quotes"],
         vectorizer="tfidf", params={"norm": "l1", "sublinear_tf": True, "min_df": 2, "max_df": 0.5}),
    dict(name="all20-train-headers-tfidf-maxfeatures", subset="train", categories=None, remove=["headers"],
         vectorizer="tfidf", params={"stop_words": "english", "max_features": 5000, "min_df": 3}),
    dict(name="lesson-test-transform-count", subset="test", fit_subset="train", categories=LESSON, remove=ALL3,
         vectorizer="count", params={"stop_words": "english"}),
    dict(name="lesson-test-transform-tfidf", subset="test", fit_subset="train", categories=LESSON, remove=ALL3,
         vectorizer="tfidf", params={"stop_words": "english"}),
    dict(name="autos-med-test-count-maxfeatures-ties", subset="test", categories=["sci.med", "rec.autos"],
         remove=["quotes"], vectorizer="count", params={"stop_words": "english", "max_features": 1000}),
    dict(name="lesson-train-keepcase-binary", subset="train", categories=LESSON, remove=ALL3,
         vectorizer="count", params={"lowercase": False, "binary": True}),
    dict(name="lesson-all-tfidf-nosmooth-df", subset="all", categories=LESSON, remove=["headers"],
         vectorizer="tfidf", params={"smooth_idf": False, "min_df": 0.001, "max_df": 100}),
]


def fetch(home, subset, categories, remove):
    return tn.fetch_20newsgroups(data_home=home, subset=subset, categories=categories,
                                 remove=tuple(remove), download_if_missing=False).data


def run(home, c):
    params = dict(c["params"])
    cls = CountVectorizer if c["vectorizer"] == "count" else TfidfVectorizer
    v = cls(**params)
    docs = fetch(home, c["subset"], c["categories"], c["remove"])
    if c.get("fit_subset"):
        v.fit(fetch(home, c["fit_subset"], c["categories"], c["remove"]))
        X = v.transform(docs)
    else:
        X = v.fit_transform(docs)
    vocab = v.get_feature_names_out().tolist()
    s = max(1, len(vocab) // 25)
    enc = dict(params)
    for k in ("min_df", "max_df"):
        if k in enc:
            enc[k] = {"docs": enc[k]} if isinstance(enc[k], int) else {"fraction": enc[k]}
    out = dict(c, params=enc)
    out.update(
        n_docs=len(docs), shape=list(X.shape), nnz=int(X.nnz), sum=float(X.sum()),
        vocab_sample=vocab[::s],
        vocab_sha256=hashlib.sha256("\n".join(vocab).encode("utf-8")).hexdigest(),
    )
    return out


def main():
    archive = sys.argv[1]
    home = tempfile.mkdtemp(prefix="sklearn-20news-")
    try:
        def fetch_local(remote, dirname=None):
            dst = os.path.join(dirname, remote.filename)
            shutil.copyfile(archive, dst)
            return dst
        tn._fetch_remote = fetch_local
        tn.fetch_20newsgroups(data_home=home, download_if_missing=True)
        res = [run(home, c) for c in CASES]
    finally:
        shutil.rmtree(home)
    json.dump(res, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
