package text

import (
	"fmt"
	"math"
	"slices"

	"github.com/fastai-go/topicmodel/lib/internal/par"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// Norm selects how TfidfVectorizer scales each row.
type Norm int

const (
	// L2 divides each row by its Euclidean norm (scikit-learn's default).
	L2 Norm = iota
	// L1 divides each row by the sum of its absolute values.
	L1
	// NoNorm leaves the rows unscaled (scikit-learn's norm=None).
	NoNorm
)

// String returns "l2", "l1" or "none".
func (n Norm) String() string {
	switch n {
	case L2:
		return "l2"
	case L1:
		return "l1"
	case NoNorm:
		return "none"
	}
	return fmt.Sprintf("Norm(%d)", int(n))
}

// TfidfVectorizer turns documents into tf-idf weighted term vectors, the way
// scikit-learn 1.2's TfidfVectorizer does. It counts terms with its embedded
// CountVectorizer (whose options apply), then weights entry (i, j) as
//
//	x[i,j] = tf(i,j) · idf(j)
//	idf(j) = ln((1+n)/(1+df(j))) + 1     (smooth, the default)
//	idf(j) = ln(n/df(j)) + 1             (NoSmoothIDF)
//
// where tf is the count (1 + ln(count) with SublinearTF), n the number of
// fitted documents and df(j) how many of them contain term j; then each row
// is scaled to unit Euclidean norm (Norm). Rows with no terms stay empty.
// The zero value has scikit-learn's defaults.
type TfidfVectorizer struct {
	CountVectorizer

	// Norm is the row normalisation; the zero value is L2.
	Norm Norm

	// NoIDF turns the idf weights off (scikit-learn's use_idf=False).
	NoIDF bool

	// NoSmoothIDF uses ln(n/df)+1 instead of ln((1+n)/(1+df))+1
	// (scikit-learn's smooth_idf=False).
	NoSmoothIDF bool

	// SublinearTF replaces each count c by 1 + ln(c).
	SublinearTF bool

	idf []float64
}

// IDF returns the fitted idf weight of each vocabulary term, or nil before
// Fit or when NoIDF was set at Fit. The slice is a fresh copy.
func (v *TfidfVectorizer) IDF() []float64 {
	return slices.Clone(v.idf)
}

// Fit learns the vocabulary and the idf weights of docs. Errors are those of
// CountVectorizer.Fit, plus an unknown Norm.
func (v *TfidfVectorizer) Fit(docs []string) error {
	_, err := v.FitTransform(docs)
	return err
}

// FitTransform learns the vocabulary and idf weights of docs and returns
// their tf-idf matrix, len(docs) × len(Vocabulary()). The cost is that of
// CountVectorizer.FitTransform plus O(nnz).
func (v *TfidfVectorizer) FitTransform(docs []string) (*sparse.CSR, error) {
	if err := v.checkNorm(); err != nil {
		return nil, err
	}
	m, err := v.CountVectorizer.FitTransform(docs)
	if err != nil {
		return nil, err
	}
	v.idf = nil
	if !v.NoIDF {
		v.idf = idfWeights(v.df, len(docs), !v.NoSmoothIDF)
	}
	v.weigh(m)
	return m, nil
}

// FitStats learns the vocabulary and the idf weights from the statistics s
// of a corpus instead of its documents (see CountVectorizer.FitStats): the
// idf of each term comes from its DF and s.NDocs, exactly as Fit computes
// it, so Transform then gives FitTransform's rows bit for bit. Errors are
// those of CountVectorizer.FitStats, plus an unknown Norm. Cost: that of
// CountVectorizer.FitStats plus O(V) logarithms.
func (v *TfidfVectorizer) FitStats(s TermStats) error {
	if err := v.checkNorm(); err != nil {
		return err
	}
	if err := v.CountVectorizer.FitStats(s); err != nil {
		return err
	}
	v.idf = nil
	if !v.NoIDF {
		v.idf = idfWeights(v.df, s.NDocs, !v.NoSmoothIDF)
	}
	return nil
}

// Transform returns the tf-idf matrix of docs with the fitted vocabulary and
// idf weights, len(docs) × len(Vocabulary()); unknown tokens are ignored.
// It returns an error if the vectorizer is not fitted.
func (v *TfidfVectorizer) Transform(docs []string) (*sparse.CSR, error) {
	if err := v.checkNorm(); err != nil {
		return nil, err
	}
	if !v.NoIDF && v.idf == nil && v.fitted {
		return nil, fmt.Errorf("text: NoIDF was set when the vectorizer was fitted, so it has no idf weights; fit again")
	}
	m, err := v.CountVectorizer.Transform(docs)
	if err != nil {
		return nil, err
	}
	v.weigh(m)
	return m, nil
}

func (v *TfidfVectorizer) checkNorm() error {
	if v.Norm < L2 || v.Norm > NoNorm {
		return fmt.Errorf("text: unknown Norm %d; use L2, L1 or NoNorm", int(v.Norm))
	}
	return nil
}

// idfWeights returns ln((n+s)/(df+s)) + 1 for each df, s = 1 when smooth,
// computed as scikit-learn computes it (the log of the quotient).
func idfWeights(df []int, n int, smooth bool) []float64 {
	s := 0
	if smooth {
		s = 1
	}
	idf := make([]float64, len(df))
	ns := float64(n + s)
	for j, d := range df {
		idf[j] = math.Log(ns/float64(d+s)) + 1
	}
	return idf
}

// weigh turns the count matrix m into tf-idf weights in place, row by row in
// parallel.
func (v *TfidfVectorizer) weigh(m *sparse.CSR) {
	r, _ := m.Dims()
	indptr, indices, data := m.Indptr(), m.Indices(), m.Data()
	if r == 0 || len(data) == 0 {
		return
	}
	w := v.workers
	if w <= 0 {
		w = par.Workers()
		if len(data) < 1<<16 {
			w = 1
		}
	}
	w = min(w, r)
	var idf []float64
	if !v.NoIDF {
		idf = v.idf
	}
	par.Do(w, func(k int) {
		for i := k * r / w; i < (k+1)*r/w; i++ {
			row := data[indptr[i]:indptr[i+1]]
			cols := indices[indptr[i]:indptr[i+1]]
			for t, x := range row {
				if v.SublinearTF {
					x = math.Log(x) + 1
				}
				if idf != nil {
					x *= idf[cols[t]]
				}
				row[t] = x
			}
			switch v.Norm {
			case L2:
				var ss float64
				for _, x := range row {
					ss += float64(x * x) // float64(): no fused multiply-add, so that arm64 gives amd64's bits
				}
				if ss == 0 {
					continue
				}
				norm := math.Sqrt(ss)
				for t := range row {
					row[t] /= norm
				}
			case L1:
				var s float64
				for _, x := range row {
					s += math.Abs(x)
				}
				if s == 0 {
					continue
				}
				for t := range row {
					row[t] /= s
				}
			}
		}
	})
}
