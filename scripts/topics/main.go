// Command topics runs one topic-modeling experiment on the 20 Newsgroups
// corpus, or on a corpus of one's own (-files, -jsonl), from the shell and
// prints what it found, as a readable report or as one JSON object whose
// keys match scikit-learn's reference figures
// (../shared/reference/lesson3-sklearn.json).
//
// The lesson's case, the four categories with headers, footers and quotes
// removed, counted with the English stop list:
//
//	go run ./scripts/topics -lesson -json
//
// A folder with one sub-folder per category, read as scikit-learn's
// load_files(DIR, encoding="utf-8", decode_error="replace") reads it, or a
// JSON Lines file (here hashed into 2¹⁶ columns), and factorize it:
//
//	go run ./scripts/topics -files ~/corpus -method nmf -k 10
//	go run ./scripts/topics -jsonl posts.jsonl -vectorizer hashing -n-features 65536 -alternate-sign=false -method nmf
//
// Flags:
//
//	-data DIR          data home: archive and parsed cache ($TOPICMODEL_DATA_HOME)
//	-archive FILE      a 20news-bydate.tar.gz to read ($TOPICMODEL_ARCHIVE)
//	-subset S          train (default), test or all
//	-categories a,b    newsgroups to keep (empty: all 20)
//	-remove r,s        any of headers, footers, quotes
//	-lesson            the lesson's categories and removals
//	-files DIR         read DIR/CATEGORY/FILE instead of 20 Newsgroups (load_files:
//	                   sorted, shuffled with RandomState(0))
//	-encoding E        -files: utf-8 (default; bad bytes become U+FFFD) or latin-1
//	-jsonl FILE        read one JSON object per line instead of 20 Newsgroups
//	-text-field K      -jsonl: key of the text (default text)
//	-label-field K     -jsonl: key of the label, a string or an integer
//	                   (default label; empty: no labels)
//	-vectorizer V      count (default), tfidf or hashing
//	-n-features N      hashing: number of columns, 1 to 2³¹−1 (default 2²⁰)
//	-alternate-sign    hashing: add each token's hash sign (default true; NMF
//	                   and sgd need =false)
//	-stop S            english (default) or none
//	-method M          none (default), svd, rsvd, nmf, minibatch-nmf or sgd
//	-k N               number of topics / singular values (default 5)
//	-seed N            random seed of rsvd, nmf, minibatch-nmf and sgd (default 0 / 1 / 1 / 0)
//	-solver S          nmf solver: cd (default) or mu
//	-init I            nmf and minibatch-nmf init: nndsvd, nndsvda, nndsvdar, random
//	-batch-size N      minibatch-nmf rows per mini-batch (default 1024)
//	-beta-loss B       minibatch-nmf loss: frobenius (default), kullback-leibler,
//	                   itakura-saito or a number β
//	-fresh-restarts    minibatch-nmf: solve each batch's W from scratch
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
// -subset, -categories, -remove, -lesson, -data and -archive are for 20
// Newsgroups only: with -files or -jsonl they are bad flags.
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
