package beam

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/fastai-go/topicmodel/lib/npsort"
	"github.com/fastai-go/topicmodel/lib/text"
)

// TermCount is what a shard knows about one term: in how many of its
// documents the term occurs (DF) and how often in all (TF; with Binary, the
// same as DF). Counts of different shards add.
type TermCount struct {
	DF, TF int64
}

// addTermCounts is the combine of the vocabulary pass: a sum of integers,
// exact in any order.
func addTermCounts(a, b TermCount) TermCount {
	return TermCount{DF: a.DF + b.DF, TF: a.TF + b.TF}
}

// shardTermCounts tokenizes docs as text.CountVectorizer does (lowercased
// unless keepCase, stop words dropped after lowercasing) and returns, for
// each distinct term, its document and term frequencies in docs. The cost is
// O(total length of docs); memory is O(distinct terms).
func shardTermCounts(docs []string, keepCase, binary bool, stop map[string]struct{}) map[string]TermCount {
	counts := make(map[string]TermCount)
	seen := make(map[string]struct{})
	for _, d := range docs {
		clear(seen)
		for _, t := range text.Tokenize(d, !keepCase) {
			if _, ok := stop[t]; ok {
				continue
			}
			c := counts[t]
			if _, ok := seen[t]; !ok {
				seen[t] = struct{}{}
				c.DF++
				if binary {
					c.TF++
				}
			}
			if !binary {
				c.TF++
			}
			counts[t] = c
		}
	}
	return counts
}

// dfLimit is a text.DocFreq in a form a pipeline can serialise: Kind 0 is
// the default, 1 a count of documents, 2 a fraction of the corpus.
//
// text.DocFreq keeps its fields unexported; until lib/text exports its
// bound (see parseDocFreq), the limit is read back from its String form.
type dfLimit struct {
	Kind  int
	Count int
	Frac  float64
}

// parseDocFreq converts d through its String form, "Docs(n)",
// "Fraction(p)" or "default"; %g formats a float64 with the fewest digits
// that read back to the same value, so the conversion is exact.
func parseDocFreq(d text.DocFreq) (dfLimit, error) {
	s := d.String()
	switch {
	case s == "default":
		return dfLimit{}, nil
	case strings.HasPrefix(s, "Docs(") && strings.HasSuffix(s, ")"):
		n, err := strconv.Atoi(s[len("Docs(") : len(s)-1])
		if err != nil {
			return dfLimit{}, fmt.Errorf("beam: document-frequency limit %s: %w", s, err)
		}
		if n < 1 {
			return dfLimit{}, fmt.Errorf("beam: document-frequency limit %s: a document count must be at least 1", s)
		}
		return dfLimit{Kind: 1, Count: n}, nil
	case strings.HasPrefix(s, "Fraction(") && strings.HasSuffix(s, ")"):
		p, err := strconv.ParseFloat(s[len("Fraction("):len(s)-1], 64)
		if err != nil {
			return dfLimit{}, fmt.Errorf("beam: document-frequency limit %s: %w", s, err)
		}
		if !(p >= 0 && p <= 1) {
			return dfLimit{}, fmt.Errorf("beam: document-frequency limit %s: a fraction must lie in [0, 1]", s)
		}
		return dfLimit{Kind: 2, Frac: p}, nil
	}
	return dfLimit{}, fmt.Errorf("beam: unknown document-frequency limit %q", s)
}

// bound is the limit in documents for a corpus of n, or def for the
// default, as lib/text computes it.
func (l dfLimit) bound(n int, def float64) float64 {
	switch l.Kind {
	case 1:
		return float64(l.Count)
	case 2:
		return l.Frac * float64(n)
	}
	return def
}

// Vocabulary is the fitted vocabulary of a corpus: its terms in code-point
// order (the columns of the count matrix), each term's document frequency,
// and the number of documents.
type Vocabulary struct {
	Terms []string
	DF    []int64
	NDocs int
}

// pruneOptions are the options of the vocabulary step.
type pruneOptions struct {
	MinDF, MaxDF dfLimit
	MaxFeatures  int
}

// buildVocabulary returns the vocabulary of a corpus of n documents from
// its combined term counts, pruned the way text.CountVectorizer prunes:
// terms with MinDF ≤ df ≤ MaxDF, then, if more than MaxFeatures remain, the
// MaxFeatures largest term frequencies, ties settled by numpy's argsort
// (lib/npsort). The cost is O(V log V) for V terms.
func buildVocabulary(counts map[string]TermCount, n int, o pruneOptions) (Vocabulary, error) {
	if n == 0 {
		return Vocabulary{}, errors.New("beam: no documents to fit: the corpus is empty")
	}
	if len(counts) == 0 {
		return Vocabulary{}, errors.New("beam: empty vocabulary; perhaps the documents only contain stop words")
	}
	if o.MaxFeatures < 0 {
		return Vocabulary{}, fmt.Errorf("beam: MaxFeatures = %d: must be positive, or 0 for no limit", o.MaxFeatures)
	}
	terms := make([]string, 0, len(counts))
	for t := range counts {
		terms = append(terms, t)
	}
	sort.Strings(terms) // byte order on UTF-8 is code-point order
	maxDocs := o.MaxDF.bound(n, float64(n))
	minDocs := o.MinDF.bound(n, 1)
	if maxDocs < minDocs {
		return Vocabulary{}, fmt.Errorf("beam: MaxDF corresponds to fewer documents than MinDF (%g < %g of %d documents)", maxDocs, minDocs, n)
	}
	var kept []int
	for g, t := range terms {
		if df := float64(counts[t].DF); df <= maxDocs && df >= minDocs {
			kept = append(kept, g)
		}
	}
	if o.MaxFeatures > 0 && len(kept) > o.MaxFeatures {
		keys := make([]int64, len(kept))
		for i, g := range kept {
			keys[i] = -counts[terms[g]].TF
		}
		order := npsort.Argsort(keys)[:o.MaxFeatures]
		sort.Ints(order) // back to code-point order
		top := make([]int, len(order))
		for i, o := range order {
			top[i] = kept[o]
		}
		kept = top
	}
	if len(kept) == 0 {
		return Vocabulary{}, errors.New("beam: after pruning, no terms remain; try a lower MinDF or a higher MaxDF")
	}
	v := Vocabulary{Terms: make([]string, len(kept)), DF: make([]int64, len(kept)), NDocs: n}
	for i, g := range kept {
		v.Terms[i] = terms[g]
		v.DF[i] = counts[terms[g]].DF
	}
	return v, nil
}

// countVectorizer returns a text.CountVectorizer fitted to exactly the
// terms of v, with the options keepCase, binary and stop, so that its
// Transform gives the count rows of the in-memory vectorizer.
//
// lib/text has no way yet to set a fitted vocabulary; until it does, the
// vectorizer is fitted on a corpus holding each term once, with lowercasing
// and pruning off: every term is a run of word characters, so it is its own
// only token. The result is checked against v. Cost: O(V log V).
func countVectorizer(v Vocabulary, keepCase, binary bool, stop []string) (*text.CountVectorizer, error) {
	cv := &text.CountVectorizer{KeepCase: true}
	if err := cv.Fit(v.Terms); err != nil {
		return nil, fmt.Errorf("beam: setting the vocabulary: %w", err)
	}
	got := cv.Vocabulary()
	if len(got) != len(v.Terms) {
		return nil, fmt.Errorf("beam: setting the vocabulary: %d terms became %d", len(v.Terms), len(got))
	}
	for i, t := range got {
		if t != v.Terms[i] {
			return nil, fmt.Errorf("beam: setting the vocabulary: term %d %q became %q", i, v.Terms[i], t)
		}
	}
	cv.KeepCase, cv.Binary, cv.StopWords = keepCase, binary, stop
	return cv, nil
}
