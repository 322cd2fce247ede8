package text

import (
	"bytes"
	"encoding/gob"
)

// countState is what a CountVectorizer's gob encoding holds: its options
// and what Fit learned.
type countState struct {
	KeepCase, Binary bool
	StopWords        []string
	MinDF, MaxDF     [3]float64 // kind, count, fraction
	MaxFeatures      int
	Fitted           bool
	Vocab, Pruned    []string
	DF               []int
}

func (d DocFreq) state() [3]float64 { return [3]float64{float64(d.kind), float64(d.count), d.frac} }

func docFreqOf(s [3]float64) DocFreq {
	return DocFreq{kind: uint8(s[0]), count: int(s[1]), frac: s[2]}
}

func (v *CountVectorizer) state() countState {
	return countState{KeepCase: v.KeepCase, Binary: v.Binary, StopWords: v.StopWords,
		MinDF: v.MinDF.state(), MaxDF: v.MaxDF.state(), MaxFeatures: v.MaxFeatures,
		Fitted: v.fitted, Vocab: v.vocab, Pruned: v.pruned, DF: v.df}
}

func (v *CountVectorizer) setState(s countState) {
	*v = CountVectorizer{KeepCase: s.KeepCase, Binary: s.Binary, StopWords: s.StopWords,
		MinDF: docFreqOf(s.MinDF), MaxDF: docFreqOf(s.MaxDF), MaxFeatures: s.MaxFeatures,
		fitted: s.Fitted, vocab: s.Vocab, pruned: s.Pruned, df: s.DF, index: &vocabIndex{}}
}

// GobEncode writes the vectorizer's options and fitted vocabulary, so a
// fitted vectorizer can be stored (a notebook keeps it across cells) and
// read back ready to Transform. Cost: O(size of the vocabulary).
func (v *CountVectorizer) GobEncode() ([]byte, error) {
	var b bytes.Buffer
	err := gob.NewEncoder(&b).Encode(v.state())
	return b.Bytes(), err
}

// GobDecode restores a vectorizer written by GobEncode.
func (v *CountVectorizer) GobDecode(data []byte) error {
	var s countState
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&s); err != nil {
		return err
	}
	v.setState(s)
	return nil
}

type tfidfState struct {
	Count                           countState
	Norm                            Norm
	NoIDF, NoSmoothIDF, SublinearTF bool
	IDF                             []float64
}

// GobEncode writes the vectorizer's options, vocabulary and idf weights.
func (v *TfidfVectorizer) GobEncode() ([]byte, error) {
	var b bytes.Buffer
	err := gob.NewEncoder(&b).Encode(tfidfState{Count: v.CountVectorizer.state(), Norm: v.Norm,
		NoIDF: v.NoIDF, NoSmoothIDF: v.NoSmoothIDF, SublinearTF: v.SublinearTF, IDF: v.idf})
	return b.Bytes(), err
}

// GobDecode restores a vectorizer written by GobEncode.
func (v *TfidfVectorizer) GobDecode(data []byte) error {
	var s tfidfState
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&s); err != nil {
		return err
	}
	v.CountVectorizer.setState(s.Count)
	v.Norm, v.NoIDF, v.NoSmoothIDF, v.SublinearTF, v.idf = s.Norm, s.NoIDF, s.NoSmoothIDF, s.SublinearTF, s.IDF
	return nil
}
