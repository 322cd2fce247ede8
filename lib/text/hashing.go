package text

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/fastai-go/topicmodel/lib/internal/par"
	"github.com/fastai-go/topicmodel/lib/sparse"
)

// Products that feed a sum are written float64(a*b): no fused multiply-add,
// so that arm64 gives the bits amd64 gives (scripts/check_fma.sh keeps it so).

// DefaultNFeatures is the number of columns a HashingVectorizer makes when
// NFeatures is 0: 2²⁰, scikit-learn's default.
const DefaultNFeatures = 1 << 20

// MaxNFeatures is the largest NFeatures scikit-learn accepts, 2³¹ − 1.
const MaxNFeatures = math.MaxInt32

// HashingVectorizer turns documents into token counts in a fixed number of
// columns without learning a vocabulary, the way scikit-learn 1.2's
// HashingVectorizer does. Tokens are those of CountVectorizer (lowercase,
// pattern (?u)\b\w\w+\b, StopWords removed). Token t goes to the column
// and with the sign given by h, the signed 32-bit MurmurHash3 (x86_32,
// seed 0) of its UTF-8 bytes:
//
//	column(t) = |h| mod NFeatures      (2³¹ mod NFeatures for h = −2³¹)
//	sign(t)   = +1 if h ≥ 0, else −1   (always +1 with NoAlternateSign)
//	x[i,j]    = Σ sign(t) over the tokens t of document i with column(t) = j
//
// then, with Binary, every stored entry becomes 1, and each row is scaled
// to unit Euclidean norm (Norm). Different tokens may share a column (a
// collision); with alternating signs they may cancel, and the entry is
// then kept as an explicit zero, as scipy's sum_duplicates keeps it, so
// NNZ counts it as scikit-learn's nnz does (Binary turns it into a 1, as
// X.data.fill(1) does).
//
// The zero value has scikit-learn's defaults: 2²⁰ columns, alternating
// signs, l2 rows, counts. There is nothing to fit: Transform is the whole
// job, and a HashingVectorizer may be used from several goroutines at
// once.
type HashingVectorizer struct {
	// KeepCase turns lowercasing off (scikit-learn's lowercase=False).
	KeepCase bool

	// StopWords are tokens to drop, compared after lowercasing; nil keeps
	// every token. EnglishStopWords() gives scikit-learn's "english" list.
	StopWords []string

	// NFeatures is the number of columns, in [1, MaxNFeatures]; 0 means
	// DefaultNFeatures.
	NFeatures int

	// NoAlternateSign adds +1 for every token instead of its hash's sign
	// (scikit-learn's alternate_sign=False).
	NoAlternateSign bool

	// Norm is the row normalisation; the zero value is L2.
	Norm Norm

	// Binary records 1 for every stored entry instead of the signed count.
	Binary bool

	// workers, when positive, fixes the number of goroutines (tests).
	workers int
}

// nFeatures returns the number of columns, or an error if NFeatures is out
// of range.
func (v *HashingVectorizer) nFeatures() (int, error) {
	switch {
	case v.NFeatures == 0:
		return DefaultNFeatures, nil
	case v.NFeatures < 0 || v.NFeatures > MaxNFeatures:
		return 0, fmt.Errorf("text: NFeatures = %d: want a number of columns in [1, 2³¹−1], or 0 for 2²⁰", v.NFeatures)
	}
	return v.NFeatures, nil
}

// Column returns the column token goes to and the sign it adds there (+1
// or −1; always +1 with NoAlternateSign). token is hashed as given: it is
// not lowercased. The cost is O(len(token)). Column panics if NFeatures is
// out of range (Transform returns an error instead).
func (v *HashingVectorizer) Column(token string) (j int, sign float64) {
	n, err := v.nFeatures()
	if err != nil {
		panic(err)
	}
	j, neg := hashColumn(murmur3(token, 0), n)
	if neg && !v.NoAlternateSign {
		return j, -1
	}
	return j, 1
}

// hashColumn maps a MurmurHash3 value to its column among n and says
// whether the value is negative as an int32.
func hashColumn(h uint32, n int) (j int, neg bool) {
	s := int64(int32(h))
	if s < 0 {
		return int((-s) % int64(n)), true // −(−2³¹) = 2³¹ fits in int64
	}
	return int(s % int64(n)), false
}

// Transform returns the hashed token counts of docs, a len(docs) ×
// NFeatures matrix with increasing column indices in each row (scipy's
// order after sum_duplicates). The cost is O(total length of docs) plus
// O(m log m) to sort a document's m tokens, spread over GOMAXPROCS
// goroutines; memory is O(number of distinct columns per document).
//
// It returns an error if docs is empty (as scikit-learn does), if
// NFeatures is out of range or if Norm is unknown.
func (v *HashingVectorizer) Transform(docs []string) (*sparse.CSR, error) {
	n, err := v.nFeatures()
	if err != nil {
		return nil, err
	}
	if v.Norm < L2 || v.Norm > NoNorm {
		return nil, fmt.Errorf("text: unknown Norm %d; use L2, L1 or NoNorm", int(v.Norm))
	}
	if len(docs) == 0 {
		return nil, errors.New("text: no documents to transform: the corpus is empty")
	}
	stop := make(map[string]struct{}, len(v.StopWords))
	for _, w := range v.StopWords {
		stop[w] = struct{}{}
	}
	w := v.workers
	if w <= 0 {
		w = defaultWorkers(docs)
	}
	chunks := splitDocs(docs, w)
	parts := make([]rowsPart, len(chunks))
	par.Do(len(chunks), func(k int) {
		parts[k] = v.hashChunk(docs[chunks[k].lo:chunks[k].hi], n, stop)
	})
	m, err := assemble(len(docs), n, parts, v.Binary)
	if err != nil {
		return nil, err
	}
	normalizeRows(m, v.Norm, w)
	return m, nil
}

// hashChunk hashes the tokens of docs into rows of signed counts.
func (v *HashingVectorizer) hashChunk(docs []string, n int, stop map[string]struct{}) rowsPart {
	p := rowsPart{rowPtr: make([]int32, 1, len(docs)+1)}
	var keys []uint64 // column<<1 | negative
	sc := scanner{lower: !v.KeepCase}
	for _, doc := range docs {
		sc.reset(doc)
		keys = keys[:0]
		for {
			tok, ok := sc.next()
			if !ok {
				break
			}
			if _, isStop := stop[string(tok)]; isStop {
				continue
			}
			j, neg := hashColumn(murmur3(tok, 0), n)
			k := uint64(j) << 1
			if neg && !v.NoAlternateSign {
				k |= 1
			}
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for a := 0; a < len(keys); {
			j := keys[a] >> 1
			var s int32
			for ; a < len(keys) && keys[a]>>1 == j; a++ {
				if keys[a]&1 != 0 {
					s--
				} else {
					s++
				}
			}
			p.cols = append(p.cols, int32(j))
			p.counts = append(p.counts, s)
		}
		p.rowPtr = append(p.rowPtr, int32(len(p.cols)))
	}
	return p
}

// normalizeRows scales each row of m to unit l2 or l1 norm as
// scikit-learn's normalize does for CSR input: the sum of squares (or of
// absolute values) in stored order, rows whose sum is 0 left alone, each
// entry divided by the norm. It uses up to w goroutines.
func normalizeRows(m *sparse.CSR, norm Norm, w int) {
	if norm == NoNorm {
		return
	}
	r, _ := m.Dims()
	indptr, data := m.Indptr(), m.Data()
	if len(data) < 1<<16 {
		w = 1
	}
	par.Split(r, w, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			row := data[indptr[i]:indptr[i+1]]
			var s float64
			if norm == L2 {
				for _, x := range row {
					s += float64(x * x)
				}
				if s == 0 {
					continue
				}
				s = math.Sqrt(s)
			} else {
				for _, x := range row {
					s += math.Abs(x)
				}
				if s == 0 {
					continue
				}
			}
			for t := range row {
				row[t] /= s
			}
		}
	})
}
