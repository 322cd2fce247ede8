// Package text turns a corpus of documents into a sparse document-term
// matrix, reproducing scikit-learn 1.2's CountVectorizer, TfidfVectorizer and
// HashingVectorizer with their default analyzer, so that a Go program sees
// the same vocabulary, in the same column order, with the same counts and
// weights as the Python lesson.
//
// # Tokens
//
// scikit-learn lowercases a document with Python's str.lower and then takes
// every match of the regular expression (?u)\b\w\w+\b. Go's regexp cannot
// stand in for it: its \w and \b are ASCII-only, so "café" would lose its
// "é". This package scans the text by hand instead. A token is a maximal run
// of two or more word characters, where a word character is what Python's
// \w accepts in a str pattern: a Unicode letter (categories Lu, Ll, Lt, Lm,
// Lo), a Unicode number (Nd, Nl, No) or the underscore. Lengths count code
// points. Combining marks are not word characters, so a decomposed "é"
// (e followed by U+0301) ends a token after the "e".
//
// Lowercasing follows str.lower, including its two context effects that
// Go's unicode.ToLower lacks: İ (U+0130) becomes "i" followed by the
// combining dot U+0307, which splits the word there, and a capital sigma at
// the end of a word becomes the final form ς. testdata/unicode_py.json
// records CPython 3.11's answer for every code point, and the tests check
// the package against all of them. Go's tables are one Unicode version newer
// than CPython 3.11's: characters first assigned in Unicode 15 (CJK
// Extension H, Kawi, Nag Mundari, …) are word characters here and not in
// CPython 3.11. Bytes that are not valid UTF-8 are read as U+FFFD, a
// non-word character.
//
// # Vocabulary and pruning
//
// The vocabulary is the set of distinct tokens that are not stop words,
// sorted by code point (Go's byte order on UTF-8 strings is the same
// order). MinDF and MaxDF remove terms found in too few or too many
// documents, as counts (Docs) or proportions (Fraction); MaxFeatures keeps
// the most frequent terms, settling ties at the cut with a port of numpy's
// introsort argsort, the way scikit-learn does. EnglishStopWords is
// scikit-learn's 318-word list.
//
// A corpus can also be fitted from its term statistics (TermStats: each
// term's document and total counts, and the number of documents), which
// add across parts of the corpus: Stats counts a part, FitStats prunes the
// sums exactly as Fit prunes, and TfidfVectorizer.FitStats computes the
// same idf weights. lib/beam fits corpora that do not fit on one machine
// this way.
//
// # Weights
//
// CountVectorizer stores counts (or ones with Binary). TfidfVectorizer
// multiplies each count, or 1 + ln(count) with SublinearTF, by the term's
// inverse document frequency ln((1+n)/(1+df)) + 1 (ln(n/df) + 1 without
// smoothing) and scales each row to unit L2 (or L1) norm. Weights agree with
// scikit-learn's to a few units in the last place: the logarithm and the
// order of the terms in a row's norm differ in the last bits.
//
// # Hashing
//
// HashingVectorizer (scikit-learn's HashingVectorizer) needs no fitting: it
// sends each token to column |h| mod NFeatures, where h is the signed
// 32-bit MurmurHash3 (x86_32, seed 0) of the token's UTF-8 bytes, adding
// the sign of h (or +1), then normalises the rows. Collisions that cancel
// leave explicit zeros, as scipy's sum_duplicates does; the values are sums
// of ±1 divided by a correctly rounded norm, so they agree with
// scikit-learn's to the bit.
//
// # Speed
//
// Fitting splits the corpus into one contiguous chunk per processor. Each
// goroutine tokenizes its chunk against its own hash table and sorts its own
// terms; the sorted lists are merged, and the rows are mapped to the final
// columns in parallel. No step's result depends on scheduling: the output is
// the same for any number of goroutines. scripts/bench.sh compares
// the time with scikit-learn's on the 20 Newsgroups posts.
package text
