package text

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/fastai-go/topicmodel/lib/internal/par"
	"github.com/fastai-go/topicmodel/lib/npsort"
)

// TermStats are what fitting a vocabulary needs to know about a corpus: its
// number of documents and, for each distinct term, in how many documents it
// occurs and how often in all. The statistics of disjoint parts of a corpus
// add: the DF and TF of a term are the sums of its DF and TF in the parts,
// NDocs the sum of theirs. This is what lets a corpus too large for one
// machine be fitted part by part (lib/beam's Vectorize): FitStats on the
// summed statistics gives the vocabulary Fit gives on the whole corpus.
type TermStats struct {
	// Terms are the distinct terms. Stats returns them in code-point
	// order; FitStats accepts any order.
	Terms []string

	// DF[i] is the number of documents that contain Terms[i].
	DF []int

	// TF[i] is the number of occurrences of Terms[i] in all documents (with
	// Binary, the same as DF[i]), the count MaxFeatures ranks terms by. It
	// may be nil when FitStats has no MaxFeatures cut to make.
	TF []int64

	// NDocs is the number of documents, those without any term included.
	NDocs int
}

// Stats tokenizes docs as Fit does (KeepCase and StopWords apply; the
// pruning options do not) and returns their term statistics, terms in
// code-point order. With Binary, TF is DF. An empty docs gives an empty
// TermStats. The cost is that of Fit's counting pass: O(total length of
// docs) spread over GOMAXPROCS goroutines, plus O(V log V) to sort V terms;
// the result does not depend on the number of goroutines.
func (v *CountVectorizer) Stats(docs []string) TermStats {
	if len(docs) == 0 {
		return TermStats{}
	}
	terms, _, df, tf := v.mergeStats(v.countLocals(docs))
	return TermStats{Terms: terms, DF: df, TF: tf, NDocs: len(docs)}
}

// FitStats learns the vocabulary from the statistics s of a corpus instead
// of its documents, pruning as Fit prunes: the terms that are not stop
// words, sorted by code point, with MinDF ≤ DF ≤ MaxDF (fractions of
// s.NDocs), then, if more than MaxFeatures remain, the MaxFeatures largest
// TF (DF with Binary), ties settled by numpy's argsort in code-point order.
// FitStats(Stats(docs)) leaves the vectorizer as Fit(docs) does, and so
// does FitStats on the sums of the statistics of any split of docs.
//
// It returns an error, and leaves the vectorizer as it was, for an option
// out of range, for statistics that cannot come from a corpus (lengths
// that differ, a repeated term, a DF outside [1, NDocs], no documents), for
// a nil TF when MaxFeatures must cut, and in the cases Fit fails (no term
// left after the stop words or after pruning). The cost is O(V) for V terms
// in code-point order, O(V log V) otherwise and with a MaxFeatures cut.
func (v *CountVectorizer) FitStats(s TermStats) error {
	if err := v.checkOptions(); err != nil {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	terms, df, tf := s.Terms, s.DF, s.TF
	stop := v.stopSet()
	sorted := true
	hasStop := false
	for i, t := range terms {
		if i > 0 && terms[i-1] >= t {
			sorted = false
		}
		if _, ok := stop[t]; ok {
			hasStop = true
		}
	}
	if !sorted || hasStop {
		// Keep the terms that are not stop words, in code-point order.
		idx := make([]int, 0, len(terms))
		for i, t := range terms {
			if _, ok := stop[t]; !ok {
				idx = append(idx, i)
			}
		}
		slices.SortFunc(idx, func(a, b int) int { return strings.Compare(terms[a], terms[b]) })
		terms = make([]string, len(idx))
		df = make([]int, len(idx))
		if s.TF != nil {
			tf = make([]int64, len(idx))
		}
		for k, i := range idx {
			terms[k], df[k] = s.Terms[i], s.DF[i]
			if s.TF != nil {
				tf[k] = s.TF[i]
			}
			if k > 0 && terms[k-1] == terms[k] {
				return fmt.Errorf("text: FitStats: the term %q is listed twice; sum its statistics first", terms[k])
			}
		}
	}
	if len(terms) == 0 {
		return errEmptyVocabulary
	}
	if v.Binary {
		tf = make([]int64, len(df))
		for i, d := range df {
			tf[i] = int64(d)
		}
	}
	f, _, err := v.prune(terms, df, tf, s.NDocs)
	if err != nil {
		return err
	}
	v.setFit(f)
	return nil
}

// Add returns the statistics of the corpus made of the documents of s and
// those of o: the union of the terms, in code-point order, their DF and TF
// summed, and NDocs summed; TF is nil if either has terms but no TF (so
// the zero TermStats is a start to add parts to). Both must list their
// terms in code-point order without repeats, as Stats returns them; Add
// returns an error otherwise, or if a length differs from the number of
// terms. The cost is O(V_s + V_o) string comparisons.
func (s TermStats) Add(o TermStats) (TermStats, error) {
	for _, x := range []TermStats{s, o} {
		if len(x.DF) != len(x.Terms) || (x.TF != nil && len(x.TF) != len(x.Terms)) {
			return TermStats{}, fmt.Errorf("text: TermStats.Add: %d terms, %d document frequencies and %d term frequencies; give one of each per term (TF may be nil)",
				len(x.Terms), len(x.DF), len(x.TF))
		}
		for i := 1; i < len(x.Terms); i++ {
			if x.Terms[i-1] >= x.Terms[i] {
				return TermStats{}, fmt.Errorf("text: TermStats.Add: the terms %q and %q are not in code-point order; sort them (Stats returns them sorted)", x.Terms[i-1], x.Terms[i])
			}
		}
	}
	withTF := (s.TF != nil || len(s.Terms) == 0) && (o.TF != nil || len(o.Terms) == 0)
	r := TermStats{NDocs: s.NDocs + o.NDocs}
	n := max(len(s.Terms), len(o.Terms))
	r.Terms, r.DF = make([]string, 0, n), make([]int, 0, n)
	if withTF {
		r.TF = make([]int64, 0, n)
	}
	i, j := 0, 0
	for i < len(s.Terms) || j < len(o.Terms) {
		var t string
		var df int
		var tf int64
		switch {
		case j == len(o.Terms) || (i < len(s.Terms) && s.Terms[i] < o.Terms[j]):
			t, df = s.Terms[i], s.DF[i]
			if withTF {
				tf = s.TF[i]
			}
			i++
		case i == len(s.Terms) || o.Terms[j] < s.Terms[i]:
			t, df = o.Terms[j], o.DF[j]
			if withTF {
				tf = o.TF[j]
			}
			j++
		default: // the same term in both
			t, df = s.Terms[i], s.DF[i]+o.DF[j]
			if withTF {
				tf = s.TF[i] + o.TF[j]
			}
			i++
			j++
		}
		r.Terms, r.DF = append(r.Terms, t), append(r.DF, df)
		if withTF {
			r.TF = append(r.TF, tf)
		}
	}
	return r, nil
}

// check returns an error if s cannot be the statistics of a corpus.
func (s TermStats) check() error {
	if s.NDocs <= 0 {
		if s.NDocs < 0 {
			return fmt.Errorf("text: FitStats: NDocs = %d: a number of documents cannot be negative", s.NDocs)
		}
		return errNoDocuments
	}
	if len(s.DF) != len(s.Terms) || (s.TF != nil && len(s.TF) != len(s.Terms)) {
		return fmt.Errorf("text: FitStats: %d terms, %d document frequencies and %d term frequencies; give one of each per term (TF may be nil)",
			len(s.Terms), len(s.DF), len(s.TF))
	}
	for i, d := range s.DF {
		if d < 1 || d > s.NDocs {
			return fmt.Errorf("text: FitStats: the term %q has DF %d, outside [1, NDocs = %d]", s.Terms[i], d, s.NDocs)
		}
	}
	return nil
}

// stopSet returns StopWords as a set.
func (v *CountVectorizer) stopSet() map[string]struct{} {
	stop := make(map[string]struct{}, len(v.StopWords))
	for _, w := range v.StopWords {
		stop[w] = struct{}{}
	}
	return stop
}

// countLocals tokenizes and counts each chunk of docs with its own local
// vocabulary, in parallel.
func (v *CountVectorizer) countLocals(docs []string) []*localVocab {
	stop := v.stopSet()
	chunks := splitDocs(docs, v.workerCount(docs))
	locals := make([]*localVocab, len(chunks))
	par.Do(len(chunks), func(w int) {
		locals[w] = countChunk(docs[chunks[w].lo:chunks[w].hi], !v.KeepCase, stop)
	})
	return locals
}

// mergeStats merges the chunks' sorted vocabularies into the global one
// and sums their statistics: the terms in code-point order, the global id
// of each chunk's local ids, and each term's DF and TF (DF with Binary).
func (v *CountVectorizer) mergeStats(locals []*localVocab) (terms []string, localToGlobal [][]int32, df []int, tf []int64) {
	terms, localToGlobal = mergeVocab(locals)
	df = make([]int, len(terms))
	tf = make([]int64, len(terms))
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
	return terms, localToGlobal, df, tf
}

// fitResult is what a fit learns.
type fitResult struct {
	vocab  []string // column → term
	df     []int    // column → document frequency
	pruned []string // terms cut by MinDF, MaxDF and MaxFeatures
}

// prune applies MinDF, MaxDF and MaxFeatures to the terms (distinct, in
// code-point order) of a corpus of n documents with document frequencies
// df and term frequencies tf (read only for a MaxFeatures cut), as
// scikit-learn's _limit_features does. It returns what the fit learns and
// the column of each term (−1 when pruned). Cost: O(V), plus O(V log V)
// for a MaxFeatures cut.
func (v *CountVectorizer) prune(terms []string, df []int, tf []int64, n int) (fitResult, []int32, error) {
	maxDocs := v.MaxDF.bound(n, float64(n))
	minDocs := v.MinDF.bound(n, 1)
	if maxDocs < minDocs {
		return fitResult{}, nil, fmt.Errorf("text: MaxDF = %v corresponds to fewer documents than MinDF = %v (%g < %g of %d documents)",
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
		if tf == nil {
			return fitResult{}, nil, errors.New("text: FitStats: MaxFeatures must cut, and the statistics have no TF to rank the terms by")
		}
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
		return fitResult{}, nil, errors.New("text: after pruning, no terms remain; try a lower MinDF or a higher MaxDF")
	}
	col := make([]int32, len(terms))
	f := fitResult{vocab: make([]string, 0, kept), df: make([]int, 0, kept)}
	for g, t := range terms {
		if keep[g] {
			col[g] = int32(len(f.vocab))
			f.vocab = append(f.vocab, t)
			f.df = append(f.df, df[g])
		} else {
			col[g] = -1
			f.pruned = append(f.pruned, t)
		}
	}
	return f, col, nil
}

// setFit makes f the fitted state of v.
func (v *CountVectorizer) setFit(f fitResult) {
	v.fitted = true
	v.vocab, v.df, v.pruned = f.vocab, f.df, f.pruned
	v.index = new(vocabIndex)
}
