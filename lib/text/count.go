package text

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/fastai-go/topicmodel/lib/internal/par"
	"github.com/fastai-go/topicmodel/lib/npsort"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// CountVectorizer turns documents into a matrix of token counts, the way
// scikit-learn 1.2's CountVectorizer does with its default analyzer. The zero
// value has scikit-learn's defaults: lowercase, token pattern
// (?u)\b\w\w+\b, no stop words, every term kept, raw counts.
//
// Fit learns the vocabulary: the distinct tokens of the corpus that are not
// stop words, cut by the document-frequency limits and MaxFeatures, sorted by
// code point. Row i of the matrix counts how often each vocabulary term
// occurs in document i.
//
// Options are read when Fit, FitTransform or Transform run. A vectorizer is
// not safe for concurrent use while it is fitting; once fitted, Transform may
// be called from several goroutines.
type CountVectorizer struct {
	// KeepCase turns lowercasing off (scikit-learn's lowercase=False).
	KeepCase bool

	// StopWords are tokens to drop, compared after lowercasing; nil keeps
	// every token. EnglishStopWords() gives scikit-learn's "english" list.
	StopWords []string

	// MinDF drops terms found in fewer documents than this; MaxDF drops
	// terms found in more. The zero values keep every term.
	MinDF, MaxDF DocFreq

	// MaxFeatures, when positive, keeps only the MaxFeatures terms with the
	// largest counts over the corpus (after the document-frequency limits),
	// ties settled as scikit-learn settles them.
	MaxFeatures int

	// Binary records 1 for every term present instead of its count.
	Binary bool

	// workers, when positive, fixes the number of goroutines (tests).
	workers int

	fitted bool
	vocab  []string // column → term, in code-point order
	df     []int    // column → number of fitted documents containing it
	pruned []string // terms cut by MinDF, MaxDF and MaxFeatures, sorted

	index *vocabIndex // term → column, built on first Transform
}

// vocabIndex is the lookup table of a fitted vocabulary, built once on
// first use and shared by copies of the vectorizer.
type vocabIndex struct {
	once  sync.Once
	table *termTable
}

// get returns the term → column table of vocab, building it on first use.
func (x *vocabIndex) get(vocab []string) *termTable {
	x.once.Do(func() {
		x.table = newTermTable(len(vocab))
		for _, t := range vocab {
			x.table.insert(t)
		}
	})
	return x.table
}

// Vocabulary returns the fitted vocabulary: the term of each column, in
// code-point order (scikit-learn's get_feature_names_out). It returns nil
// before Fit. The slice is a fresh copy.
func (v *CountVectorizer) Vocabulary() []string {
	if !v.fitted {
		return nil
	}
	return slices.Clone(v.vocab)
}

// PrunedTerms returns the terms the last Fit dropped because of MinDF, MaxDF
// or MaxFeatures, in code-point order (scikit-learn's stop_words_ attribute,
// which despite its name does not list the StopWords).
func (v *CountVectorizer) PrunedTerms() []string {
	if !v.fitted {
		return nil
	}
	return slices.Clone(v.pruned)
}

// Fit learns the vocabulary of docs. It returns an error, and leaves the
// vectorizer as it was, if an option is out of range, if docs has no tokens
// left after stop words, or if the limits prune every term. The cost is
// O(total length of docs) plus O(V log V) to sort a vocabulary of V terms,
// spread over GOMAXPROCS goroutines.
func (v *CountVectorizer) Fit(docs []string) error {
	_, err := v.fit(docs, false)
	return err
}

// FitTransform learns the vocabulary of docs and returns their count matrix,
// len(docs) × len(Vocabulary()), in one pass over the text. Column indices
// are increasing within each row and no zero is stored. Errors are those of
// Fit.
func (v *CountVectorizer) FitTransform(docs []string) (*sparse.CSR, error) {
	return v.fit(docs, true)
}

// Transform returns the count matrix of docs over the fitted vocabulary,
// len(docs) × len(Vocabulary()); tokens outside the vocabulary are ignored,
// so a document may give an empty row. It returns an error if the
// vectorizer is not fitted. The cost is O(total length of docs).
func (v *CountVectorizer) Transform(docs []string) (*sparse.CSR, error) {
	if !v.fitted {
		return nil, errNotFitted
	}
	index := v.index.get(v.vocab)
	// A stop word can be in the vocabulary only if StopWords changed since
	// Fit; scikit-learn drops it then too.
	var dropped []bool
	for _, w := range v.StopWords {
		if j, ok := lookup(index, w); ok {
			if dropped == nil {
				dropped = make([]bool, len(v.vocab))
			}
			dropped[j] = true
		}
	}
	chunks := splitDocs(docs, v.workerCount(docs))
	parts := make([]rowsPart, len(chunks))
	par.Do(len(chunks), func(w int) {
		parts[w] = transformChunk(docs[chunks[w].lo:chunks[w].hi], !v.KeepCase, index, dropped, len(v.vocab))
	})
	return assemble(len(docs), len(v.vocab), parts, v.Binary)
}

var errNotFitted = errors.New("text: the vectorizer is not fitted; call Fit or FitTransform before Transform")

// fit runs the fitting pass; with build set it also returns the matrix.
func (v *CountVectorizer) fit(docs []string, build bool) (*sparse.CSR, error) {
	if err := v.MinDF.check("MinDF"); err != nil {
		return nil, err
	}
	if err := v.MaxDF.check("MaxDF"); err != nil {
		return nil, err
	}
	if v.MaxFeatures < 0 {
		return nil, fmt.Errorf("text: MaxFeatures = %d: must be positive, or 0 for no limit", v.MaxFeatures)
	}
	if len(docs) == 0 {
		return nil, errors.New("text: no documents to fit: the corpus is empty")
	}
	n := len(docs)
	maxDocs := v.MaxDF.bound(n, float64(n))
	minDocs := v.MinDF.bound(n, 1)

	stop := make(map[string]struct{}, len(v.StopWords))
	for _, w := range v.StopWords {
		stop[w] = struct{}{}
	}

	// Tokenize and count each chunk of documents with its own local
	// vocabulary, in parallel.
	chunks := splitDocs(docs, v.workerCount(docs))
	locals := make([]*localVocab, len(chunks))
	par.Do(len(chunks), func(w int) {
		locals[w] = countChunk(docs[chunks[w].lo:chunks[w].hi], !v.KeepCase, stop)
	})

	// Merge the sorted local vocabularies into the global one.
	terms, localToGlobal := mergeVocab(locals)
	if len(terms) == 0 {
		return nil, errors.New("text: empty vocabulary; perhaps the documents only contain stop words")
	}
	df := make([]int, len(terms))
	tf := make([]int64, len(terms))
	for w, lv := range locals {
		for _, l := range lv.order {
			g := localToGlobal[w][l]
			df[g] += int(lv.df[l])
			if v.Binary {
				tf[g] += int64(lv.df[l])
			} else {
				tf[g] += lv.tf[l]
			}
		}
	}

	if maxDocs < minDocs {
		return nil, fmt.Errorf("text: MaxDF = %v corresponds to fewer documents than MinDF = %v (%g < %g of %d documents)",
			v.MaxDF, v.MinDF, maxDocs, minDocs, n)
	}
	keep := make([]bool, len(terms))
	kept := 0
	for g, d := range df {
		if float64(d) <= maxDocs && float64(d) >= minDocs {
			keep[g] = true
			kept++
		}
	}
	if v.MaxFeatures > 0 && kept > v.MaxFeatures {
		// scikit-learn: argsort(-tf[mask])[:limit] with numpy's introsort.
		idx := make([]int, 0, kept)
		keys := make([]int64, 0, kept)
		for g, k := range keep {
			if k {
				idx = append(idx, g)
				keys = append(keys, -tf[g])
			}
		}
		order := npsort.Argsort(keys)
		clear(keep)
		for _, o := range order[:v.MaxFeatures] {
			keep[idx[o]] = true
		}
		kept = v.MaxFeatures
	}
	if kept == 0 {
		return nil, errors.New("text: after pruning, no terms remain; try a lower MinDF or a higher MaxDF")
	}

	col := make([]int32, len(terms))
	vocab := make([]string, 0, kept)
	vdf := make([]int, 0, kept)
	var pruned []string
	for g, t := range terms {
		if keep[g] {
			col[g] = int32(len(vocab))
			vocab = append(vocab, t)
			vdf = append(vdf, df[g])
		} else {
			col[g] = -1
			pruned = append(pruned, t)
		}
	}

	var m *sparse.CSR
	if build {
		parts := make([]rowsPart, len(locals))
		par.Do(len(locals), func(w int) {
			parts[w] = locals[w].rows(localToGlobal[w], col, len(vocab))
		})
		var err error
		m, err = assemble(n, len(vocab), parts, v.Binary)
		if err != nil {
			return nil, err
		}
	}
	v.fitted = true
	v.vocab, v.df, v.pruned = vocab, vdf, pruned
	v.index = new(vocabIndex)
	return m, nil
}

// workerCount returns how many goroutines to split docs over: GOMAXPROCS,
// fewer for a small corpus.
func (v *CountVectorizer) workerCount(docs []string) int {
	if v.workers > 0 {
		return v.workers
	}
	return defaultWorkers(docs)
}
