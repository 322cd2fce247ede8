package beam

import (
	"bytes"
	"encoding/gob"
	"fmt"

	"github.com/fastai-go/topicmodel/lib/text"
)

// TermCount is what a shard knows about one term: in how many of its
// documents the term occurs (DF) and how often in all (TF; with Binary, the
// same as DF), as text.CountVectorizer.Stats counts them. Counts of
// different shards add.
type TermCount struct {
	DF, TF int64
}

// addTermCounts is the combine of the vocabulary pass: a sum of integers,
// exact in any order.
func addTermCounts(a, b TermCount) TermCount {
	return TermCount{DF: a.DF + b.DF, TF: a.TF + b.TF}
}

// Vocabulary is the fitted vocabulary of a corpus: its terms in code-point
// order (the columns of the matrix), each term's document frequency, the
// number of documents, and, for tf-idf rows, each term's idf weight (nil
// for counts), equal to text.TfidfVectorizer's IDF bit for bit.
type Vocabulary struct {
	Terms []string
	DF    []int64
	NDocs int
	IDF   []float64
}

// vectorizerSpec carries the options of the vectorizer whose result the
// pipeline reproduces to the pipeline's steps. Beam serialises a step's
// fields as JSON, and text.DocFreq keeps its fields unexported, so the
// options travel in lib/text's own exact encoding: the gob form of a
// text.TfidfVectorizer (whose embedded CountVectorizer holds Count's
// options). TfIdf says whether the rows are tf-idf weights or counts.
type vectorizerSpec struct {
	Gob   []byte
	TfIdf bool
}

// newVectorizerSpec encodes the options of o. Cost: O(number of stop
// words).
func newVectorizerSpec(o VectorizeOptions) (vectorizerSpec, error) {
	tv := text.TfidfVectorizer{CountVectorizer: o.Count}
	if o.TfIdf != nil {
		tv.Norm, tv.NoIDF, tv.NoSmoothIDF, tv.SublinearTF = o.TfIdf.Norm, o.TfIdf.NoIDF, o.TfIdf.NoSmoothIDF, o.TfIdf.SublinearTF
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(&tv); err != nil {
		return vectorizerSpec{}, fmt.Errorf("beam: encoding the vectorizer options: %w", err)
	}
	return vectorizerSpec{Gob: b.Bytes(), TfIdf: o.TfIdf != nil}, nil
}

// vectorizer decodes the options into a new, unfitted vectorizer.
func (s vectorizerSpec) vectorizer() (*text.TfidfVectorizer, error) {
	tv := new(text.TfidfVectorizer)
	if err := gob.NewDecoder(bytes.NewReader(s.Gob)).Decode(tv); err != nil {
		return nil, fmt.Errorf("beam: decoding the vectorizer options: %w", err)
	}
	return tv, nil
}

// fitStats fits tv's vocabulary (and, for tf-idf, its idf weights) to the
// term statistics st, with lib/text's own pruning. Cost: O(V log V).
func (s vectorizerSpec) fitStats(tv *text.TfidfVectorizer, st text.TermStats) error {
	if s.TfIdf {
		return tv.FitStats(st)
	}
	return tv.CountVectorizer.FitStats(st)
}

// buildVocabulary returns the vocabulary of a corpus from its combined
// term counts and its number of documents n, pruned by text's FitStats
// with the options of s. The cost is O(V log V) for V terms.
func (s vectorizerSpec) buildVocabulary(counts map[string]TermCount, n int) (Vocabulary, error) {
	tv, err := s.vectorizer()
	if err != nil {
		return Vocabulary{}, err
	}
	st := text.TermStats{NDocs: n, Terms: make([]string, 0, len(counts)), DF: make([]int, 0, len(counts)), TF: make([]int64, 0, len(counts))}
	for t, c := range counts { // any order: FitStats sorts
		st.Terms = append(st.Terms, t)
		st.DF = append(st.DF, int(c.DF))
		st.TF = append(st.TF, c.TF)
	}
	if err := s.fitStats(tv, st); err != nil {
		return Vocabulary{}, fmt.Errorf("beam: %w", err)
	}
	v := Vocabulary{Terms: tv.Vocabulary(), NDocs: n, IDF: tv.IDF()}
	v.DF = make([]int64, len(v.Terms))
	for j, t := range v.Terms {
		v.DF[j] = counts[t].DF
	}
	return v, nil
}

// fitted returns a vectorizer with the options of s fitted to exactly the
// terms of v (pruning off, since v is already pruned), so that its
// Transform gives the in-memory vectorizer's rows: the counts, or the
// tf-idf weights with idf from v's DF and NDocs, computed by the same code
// as text.TfidfVectorizer's FitTransform, hence the same bits. It checks
// that the number of terms and of idf weights is v's. Cost: O(V) for V
// terms.
func (s vectorizerSpec) fitted(v Vocabulary) (*text.TfidfVectorizer, error) {
	tv, err := s.vectorizer()
	if err != nil {
		return nil, err
	}
	tv.MinDF, tv.MaxDF, tv.MaxFeatures = text.DocFreq{}, text.DocFreq{}, 0
	st := text.TermStats{Terms: v.Terms, DF: make([]int, len(v.DF)), NDocs: v.NDocs}
	for j, d := range v.DF {
		st.DF[j] = int(d)
	}
	if err := s.fitStats(tv, st); err != nil {
		return nil, fmt.Errorf("beam: setting the vocabulary: %w", err)
	}
	if got := tv.Vocabulary(); len(got) != len(v.Terms) {
		return nil, fmt.Errorf("beam: setting the vocabulary: %d terms became %d", len(v.Terms), len(got))
	}
	if idf := tv.IDF(); len(idf) != len(v.IDF) {
		return nil, fmt.Errorf("beam: the vocabulary has %d idf weights, the vectorizer %d", len(v.IDF), len(idf))
	}
	return tv, nil
}
