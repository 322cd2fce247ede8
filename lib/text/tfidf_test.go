package text

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestTfidfProperties checks on random documents that every non-empty row
// has unit norm, that the idf follows its formula from the document
// frequencies, and that each weight is tf·idf over the row norm.
func TestTfidfProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	docs := randomCorpus(rng, 150)
	counts := CountVectorizer{workers: 2}
	c, err := counts.FitTransform(docs)
	if err != nil {
		t.Fatal(err)
	}
	n := len(docs)
	df := make([]int, len(counts.Vocabulary()))
	for _, j := range c.Indices() {
		df[j]++
	}
	for _, tc := range []struct {
		name string
		v    TfidfVectorizer
	}{
		{"l2", TfidfVectorizer{}},
		{"l1 sublinear", TfidfVectorizer{Norm: L1, SublinearTF: true}},
		{"l2 nosmooth", TfidfVectorizer{NoSmoothIDF: true}},
		{"none noidf", TfidfVectorizer{Norm: NoNorm, NoIDF: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.v
			v.workers = 3
			m, err := v.FitTransform(docs)
			if err != nil {
				t.Fatal(err)
			}
			idf := v.IDF()
			if v.NoIDF != (idf == nil) {
				t.Fatalf("IDF() = %v with NoIDF %v", idf, v.NoIDF)
			}
			for j, w := range idf {
				want := math.Log(float64(n+1)/float64(df[j]+1)) + 1
				if v.NoSmoothIDF {
					want = math.Log(float64(n)/float64(df[j])) + 1
				}
				if math.Abs(w-want) > 1e-15*want {
					t.Errorf("idf[%d] = %v, want %v", j, w, want)
				}
			}
			for i := range n {
				cols, w := m.Row(i)
				ccols, cw := c.Row(i)
				if len(cols) != len(ccols) {
					t.Fatalf("row %d: %d entries, counts have %d", i, len(cols), len(ccols))
				}
				raw := make([]float64, len(cw))
				var l1, l2 float64
				for k, x := range cw {
					if v.SublinearTF {
						x = 1 + math.Log(x)
					}
					if idf != nil {
						x *= idf[ccols[k]]
					}
					raw[k] = x
					l1 += math.Abs(x)
					l2 += x * x
				}
				scale := 1.0
				switch v.Norm {
				case L1:
					scale = l1
				case L2:
					scale = math.Sqrt(l2)
				}
				for k := range w {
					if want := raw[k] / scale; math.Abs(w[k]-want) > 1e-14*math.Abs(want) {
						t.Errorf("row %d entry %d: %v, want %v", i, k, w[k], want)
					}
				}
			}
		})
	}
}
