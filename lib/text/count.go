package text

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/fastai-go/topicmodel/lib/internal/par"
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

var (
	errNotFitted       = errors.New("text: the vectorizer is not fitted; call Fit or FitTransform before Transform")
	errNoDocuments     = errors.New("text: no documents to fit: the corpus is empty")
	errEmptyVocabulary = errors.New("text: empty vocabulary; perhaps the documents only contain stop words")
)

// checkOptions returns an error naming the first option out of range.
func (v *CountVectorizer) checkOptions() error {
	if err := v.MinDF.check("MinDF"); err != nil {
		return err
	}
	if err := v.MaxDF.check("MaxDF"); err != nil {
		return err
	}
	if v.MaxFeatures < 0 {
		return fmt.Errorf("text: MaxFeatures = %d: must be positive, or 0 for no limit", v.MaxFeatures)
	}
	return nil
}

// fit runs the fitting pass; with build set it also returns the matrix.
func (v *CountVectorizer) fit(docs []string, build bool) (*sparse.CSR, error) {
	if err := v.checkOptions(); err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, errNoDocuments
	}
	n := len(docs)
	locals := v.countLocals(docs)
	terms, localToGlobal, df, tf := v.mergeStats(locals)
	if len(terms) == 0 {
		return nil, errEmptyVocabulary
	}
	f, col, err := v.prune(terms, df, tf, n)
	if err != nil {
		return nil, err
	}

	var m *sparse.CSR
	if build {
		parts := make([]rowsPart, len(locals))
		par.Do(len(locals), func(w int) {
			parts[w] = locals[w].rows(localToGlobal[w], col, len(f.vocab))
		})
		var err error
		m, err = assemble(n, len(f.vocab), parts, v.Binary)
		if err != nil {
			return nil, err
		}
	}
	v.setFit(f)
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
