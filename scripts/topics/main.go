// Command topics runs one topic-modeling experiment on the 20 Newsgroups
// corpus from the shell and prints what it found, as a readable report or as
// one JSON object whose keys match scikit-learn's reference figures
// (../shared/reference/lesson3-sklearn.json).
//
// The lesson's case, the four categories with headers, footers and quotes
// removed, counted with the English stop list:
//
//	go run ./scripts/topics -lesson -json
//
// Flags:
//
//	-data DIR          data home: archive and parsed cache ($TOPICMODEL_DATA_HOME)
//	-archive FILE      a 20news-bydate.tar.gz to read ($TOPICMODEL_ARCHIVE)
//	-subset S          train (default), test or all
//	-categories a,b    newsgroups to keep (empty: all 20)
//	-remove r,s        any of headers, footers, quotes
//	-lesson            the lesson's categories and removals
//	-vectorizer V      count (default) or tfidf
//	-stop S            english (default) or none
//	-method M          none (default), svd, rsvd, nmf or sgd
//	-k N               number of topics / singular values (default 5)
//	-seed N            random seed of rsvd, nmf and sgd (default 0 / 1 / 0)
//	-solver S          nmf solver: cd (default) or mu
//	-init I            nmf init: nndsvd, nndsvda, nndsvdar, random
//	-preset P          sgd settings: lesson (default) or gpu
//	-steps N           sgd steps (default: the preset's)
//	-top N             words shown per topic (default 8)
//	-json              print JSON instead of a report
//	-matrix FILE       decompose this matrix (rows = documents) instead of the
//	                   corpus: a scipy.sparse.save_npz .npz or a numpy.save .npy
//	-vocab FILE        with -matrix: one word per line, one per column
//	                   (default: topics are shown as column indices)
//	-save FILE.npz     write the factors for numpy.load: U, s, Vt (svd, rsvd:
//	                   the first -k) or W, H (nmf, sgd)
//	-n-iter N          rsvd power iterations (default: scikit-learn's 'auto')
//
// A matrix saved in Python, decomposed here, the factors read back there:
//
//	go run ./scripts/topics -matrix X.npz -vocab words.txt -method rsvd -k 10 -n-iter 2 -save f.npz
//	python3 -c 'import numpy; f = numpy.load("f.npz"); print(f["s"])'
//
// -h prints the flags and exits with status 0. Bad flags print a message and
// exit with status 2; a failure to load or
// decompose exits with status 1.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
